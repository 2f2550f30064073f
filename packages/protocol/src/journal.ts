/**
 * Journal handover and billing codes (issue 9, ADR 0019). The note itself is never part of any
 * message here: the server gives the clinician's summary page the facts of the call (times,
 * roles, professions, kind), and the page builds the FHIR summary in the browser.
 */
import * as z from 'zod/mini';
import { Id, Identification, noControlCharacters, ParticipantRole, Timestamp } from './common.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), noControlCharacters());
const HourMinute = z.string().check(z.regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM'));
const Minutes = z.int().check(z.minimum(0), z.maximum(24 * 60));
const IsoDate = z.string().check(z.regex(/^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'YYYY-MM-DD'));

/**
 * What must hold for a code to apply. Every condition left out matches anything; a boolean set
 * to true needs the fact to be true, false needs it to be false (e.g. a daytime code has
 * `evening: false`). Durations are whole minutes, both ends included.
 */
export const BillingConditions = z.object({
  video: z.optional(z.boolean()),
  minDurationMinutes: z.optional(Minutes),
  maxDurationMinutes: z.optional(Minutes),
  evening: z.optional(z.boolean()),
  interdisciplinary: z.optional(z.boolean()),
  interpreter: z.optional(z.boolean()),
  gpWithSpecialist: z.optional(z.boolean()),
});
export type BillingConditions = z.infer<typeof BillingConditions>;

/** One row of the billing-code table: a code, for whom and when, and where that rule comes from. */
export const BillingCode = z.object({
  /** The HPR personnel category (Volven 9060) the code is for, e.g. `LE` (lege), `FT`, `PS`. */
  profession: z.string().check(z.regex(/^[A-Z]{2,3}$/, 'HPR category code')),
  /** The tariff code as the tariff writes it, e.g. `2ae`, `2aek`, `7`. */
  code: z.string().check(z.regex(/^[0-9A-Za-z]{1,12}$/, 'tariff code')),
  label: Text(200),
  conditions: BillingConditions,
  /** Where the rule was read (a URL or a document's name) and when. */
  source: Text(500),
  sourceDate: IsoDate,
  /** False for defaults that CLINICAL.md calls unconfirmed: the admin must check them. */
  isConfirmed: z.boolean(),
});
export type BillingCode = z.infer<typeof BillingCode>;

/** The organisation's billing-code table: data, edited by the admin, matched by a generic matcher. */
export const BillingTable = z
  .object({
    version: z.literal(1),
    /** The FHIR code system the codes are written with in the summary's ChargeItems. */
    codeSystem: z.string().check(z.maxLength(300), z.regex(/^(urn:[a-z0-9-]+:\S+|https?:\/\/\S+)$/, 'a URI')),
    /** Evening (for `evening` conditions), in Norwegian local time; `from` after `to` wraps midnight. */
    eveningHours: z.object({ from: HourMinute, to: HourMinute, source: Text(500), isConfirmed: z.boolean() }),
    codes: z.array(BillingCode).check(z.maxLength(200)),
  })
  .check(
    z.refine(
      (table) =>
        table.codes.every((c) => (c.conditions.minDurationMinutes ?? 0) <= (c.conditions.maxDurationMinutes ?? 1440)),
      { message: 'minDurationMinutes is above maxDurationMinutes', path: ['codes'] },
    ),
    z.refine((table) => new Set(table.codes.map((c) => `${c.profession}/${c.code}`)).size === table.codes.length, {
      message: 'a profession has the same code twice',
      path: ['codes'],
    }),
  );
export type BillingTable = z.infer<typeof BillingTable>;

/** An https origin (host name or IPv4, optional port) and path: no user info, query or fragment. */
const HTTPS_URL =
  /^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~!$&'()*+,;=:%/-]*)?$/;
/** Hosts a browser counts as secure without TLS (W3C Secure Contexts): for development and tests. */
const LOOPBACK_HTTP_URL = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~!$&'()*+,;=:%/-]*)?$/;

/**
 * An EPJ FHIR base URL the browser may POST to: https (http only on a loopback host), no user
 * name or password in it, no query or fragment. Its origin goes into the summary page's CSP.
 */
export function isAcceptableEpjUrl(value: string): boolean {
  return HTTPS_URL.test(value) || LOOPBACK_HTTP_URL.test(value);
}

export const EpjFhirUrl = z
  .string()
  .check(
    z.trim(),
    z.maxLength(500),
    z.refine(isAcceptableEpjUrl, 'an https URL without credentials, query or fragment'),
  );

/** GET/PUT /api/admin/journal-settings: the organisation's EPJ endpoint and billing-code table. */
export const JournalSettings = z.object({
  epjFhirUrl: z.nullable(EpjFhirUrl),
  billingTable: BillingTable,
});
export type JournalSettings = z.infer<typeof JournalSettings>;

export const JournalSettingsView = z.object({
  epjFhirUrl: z.nullable(z.string()),
  billingTable: BillingTable,
  /** The organisation has not saved a table: this is the shipped default. */
  isDefaultTable: z.boolean(),
  updatedAt: z.nullable(Timestamp),
});
export type JournalSettingsView = z.infer<typeof JournalSettingsView>;

/**
 * A consent record as the consent work (ADR 0018) will give it: which text (by hash), in which
 * language, when and how; withdrawn when the patient left saying so. Optional in the facts.
 */
export const JournalConsent = z.object({
  textHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  language: z.enum(['nb', 'nn', 'en']),
  at: Timestamp,
  method: z.enum(['checkbox', 'spoken']),
  withdrawnAt: z.optional(Timestamp),
});
export type JournalConsent = z.infer<typeof JournalConsent>;

export const JournalParticipant = z.object({
  role: ParticipantRole,
  displayName: z.string(),
  identification: Identification,
  /** HPR number and category, where the login said (HelseID); null otherwise. */
  hprNumber: z.nullable(z.string()),
  profession: z.nullable(z.string()),
  firstJoinedAt: z.nullable(Timestamp),
  lastLeftAt: z.nullable(Timestamp),
});
export type JournalParticipant = z.infer<typeof JournalParticipant>;

/**
 * GET /api/consultations/:id/journal-facts (the host only): what the summary page needs to
 * build the FHIR summary and suggest codes. No health text: no label, no note, no messages.
 */
export const JournalFacts = z.object({
  consultationId: Id,
  kind: z.string(),
  status: z.enum(['open', 'active', 'ended']),
  startedAt: z.nullable(Timestamp),
  endedAt: z.nullable(Timestamp),
  appointment: z.nullable(z.object({ startsAt: Timestamp, endsAt: Timestamp })),
  organisationName: z.string(),
  host: JournalParticipant,
  participants: z.array(JournalParticipant),
  consents: z.optional(z.array(JournalConsent)),
  epjFhirUrl: z.nullable(z.string()),
  billingTable: BillingTable,
});
export type JournalFacts = z.infer<typeof JournalFacts>;
