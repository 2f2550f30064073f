/**
 * Patient information and consent (issue 9): the organisation's texts, versioned by their SHA-256
 * hash, and consent as a durable record per consultation and participant. ADR 0018.
 */
import * as z from 'zod/mini';
import { Id, ParticipantRole, Timestamp } from './common.ts';

/** The languages of the patient texts (the same as the patient's language of an appointment). */
export const TextLanguage = z.enum(['nb', 'nn', 'en']);
export type TextLanguage = z.infer<typeof TextLanguage>;

/** Most characters of the information text and of the consent sentence (per language). */
export const PATIENT_INFORMATION_MAX = 4000;
export const CONSENT_TEXT_MAX = 600;

/** A version's SHA-256 (lowercase hex) of its canonical body: what identifies the text a person saw. */
export const TextHash = z.string().check(z.regex(/^[0-9a-f]{64}$/));
export type TextHash = z.infer<typeof TextHash>;

// Control and format characters are refused, as in all free text (common.ts), except the line
// feed the tiny markup needs (a tab reads as a space). Carriage returns are normalised first.
const TEXT_CHARACTERS = /^[^\p{Cc}\p{Cf}]*$/u;
function editedText(max: number) {
  return z.pipe(
    z.string().check(z.maxLength(max * 2)),
    z.pipe(
      z.transform((v: string) =>
        v
          .normalize('NFC')
          .replace(/\r\n?/g, '\n')
          .replace(/\t/g, ' ')
          .split('\n')
          .map((line) => line.trimEnd())
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim(),
      ),
      z.string().check(
        z.minLength(1),
        z.maxLength(max),
        z.refine((v) => TEXT_CHARACTERS.test(v.replace(/\n/g, '')), 'no control characters'),
      ),
    ),
  );
}

/**
 * What an admin saves for one language. `information` uses a tiny markup, rendered as text (never
 * as HTML): a line starting with "# " is a heading, "- " a list item, a blank line ends a paragraph.
 * `consent` is the one plain sentence beside the checkbox.
 */
export const PatientTextBody = z.object({
  information: editedText(PATIENT_INFORMATION_MAX),
  consent: editedText(CONSENT_TEXT_MAX),
});
export type PatientTextBody = z.infer<typeof PatientTextBody>;

/** One immutable version of an organisation's patient text in one language. */
export const PatientTextVersion = z.object({
  hash: TextHash,
  language: TextLanguage,
  information: z.string(),
  consent: z.string(),
  /** When it was saved (for a built-in default: when it was first shown). */
  savedAt: Timestamp,
  /** The release's built-in default, not an admin's edit. */
  isDefault: z.boolean(),
});
export type PatientTextVersion = z.infer<typeof PatientTextVersion>;

/** GET /api/admin/patient-texts (admins) and GET /api/patient-texts (members): the current version per language. */
export const PatientTexts = z.object({
  current: z.array(PatientTextVersion),
  /** The release's defaults, for "start again from the default" (admins only; empty for others). */
  defaults: z.array(z.object({ language: TextLanguage, information: z.string(), consent: z.string() })),
});
export type PatientTexts = z.infer<typeof PatientTexts>;

/** Which text a person consented to: the version's hash and its language. */
export const ConsentTextRef = z.object({ hash: TextHash, language: TextLanguage });
export type ConsentTextRef = z.infer<typeof ConsentTextRef>;

export const ConsentDecision = z.enum(['given', 'withdrawn']);
export type ConsentDecision = z.infer<typeof ConsentDecision>;

/**
 * How: `browser` the participant themselves (the checkbox before the waiting room, or the
 * "withdraw consent" button); `spoken` said aloud and recorded by a host in the call.
 */
export const ConsentMethod = z.enum(['browser', 'spoken']);
export type ConsentMethod = z.infer<typeof ConsentMethod>;

/**
 * One consent record (never changed; a participant's latest record is their state). The summary
 * (FHIR Consent) is built from these: `textHash` resolves in `ConsultationConsents.texts`.
 */
export const ConsentRecordView = z.object({
  id: Id,
  participantId: Id,
  role: ParticipantRole,
  displayName: z.string(),
  decision: ConsentDecision,
  method: ConsentMethod,
  textHash: TextHash,
  language: TextLanguage,
  at: Timestamp,
  /** `spoken`: the clinician (user) who recorded it; null for `browser`. */
  recordedByUserId: z.nullable(Id),
});
export type ConsentRecordView = z.infer<typeof ConsentRecordView>;

/** GET /api/consultations/:id/consents (the host): every record in time order and the texts they name. */
export const ConsultationConsents = z.object({
  records: z.array(ConsentRecordView),
  texts: z.array(PatientTextVersion),
});
export type ConsultationConsents = z.infer<typeof ConsultationConsents>;

/** Each participant's latest consent record (their current state), in the order of `records`. */
export function latestConsentByParticipant(records: readonly ConsentRecordView[]): Map<string, ConsentRecordView> {
  const latest = new Map<string, ConsentRecordView>();
  for (const r of records) latest.set(r.participantId, r);
  return latest;
}
