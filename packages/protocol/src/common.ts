/**
 * Shared schema primitives. The protocol uses `zod/mini` (tree-shakable; ~7 KB brotli against ~75 KB
 * for classic zod) because these schemas ship in the patient's first page: see docs/adr.
 */
import * as z from 'zod/mini';

export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** ISO 8601 timestamp in UTC, as produced by `Date.prototype.toISOString`. */
export const Timestamp = z.iso.datetime();
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * Refuses control and format characters (C0 and C1 controls, DEL, bidi overrides, zero-width
 * characters) in free text: text that people read should not hide or reorder anything, and
 * PostgreSQL cannot store U+0000 at all (issue 7: it answered 500). Apply after `z.trim()`.
 */
export function noControlCharacters() {
  return z.regex(/^[^\p{Cc}\p{Cf}]*$/u, 'no control characters');
}

/** A person's display name as they typed it; trimmed, 1–80 characters, no control characters. */
export const DisplayName = z.string().check(z.trim(), z.minLength(1), z.maxLength(80), noControlCharacters());

/** Organisation-level roles of a user account. */
export const UserRole = z.enum(['admin', 'clinician']);
export type UserRole = z.infer<typeof UserRole>;

/** Roles a person has inside one consultation. Only a host admits, removes and ends. */
export const ParticipantRole = z.enum(['host', 'patient', 'relative', 'interpreter', 'colleague', 'guest']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** Roles an invitation link can give (host is never given by a link). */
export const InvitationRole = z.enum(['patient', 'relative', 'interpreter', 'colleague']);
export type InvitationRole = z.infer<typeof InvitationRole>;

/** ID-porten's assurance levels (acr `idporten-loa-high` / `idporten-loa-substantial`). */
export const IdportenLevel = z.enum(['high', 'substantial']);
export type IdportenLevel = z.infer<typeof IdportenLevel>;

/**
 * Whether an ID-porten patient's national identity number is the one the clinician typed as the
 * expected patient (`none`: no expected patient was named). Compared as keyed hashes on the server.
 */
export const ExpectedPatientMatch = z.enum(['match', 'mismatch', 'none']);
export type ExpectedPatientMatch = z.infer<typeof ExpectedPatientMatch>;

/**
 * How a participant was identified (issue 8), shown to everyone in the call on every screen.
 * `helseid`: health personnel logged in with HelseID (`isHealthPersonnel`: the token carried an
 * HPR number; the number itself is never shown, "helsepersonell" and the profession say enough);
 * `idporten`: a citizen identified with ID-porten (`birthDate` and `expectedPatient` only in
 * what hosts receive); `local-account`: a member logged in with a Samtale account, with or
 * without a passkey; `invitation-link`: came with a link and typed their own name (not
 * verified); `id-shown-in-video`: a host checked an identity document in the video (Normen).
 */
export const Identification = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('helseid'),
    securityLevel: z.int().check(z.minimum(1), z.maximum(4)),
    isHealthPersonnel: z.boolean(),
    profession: z.optional(z.string().check(z.maxLength(80))),
  }),
  z.object({
    kind: z.literal('idporten'),
    level: IdportenLevel,
    birthDate: z.optional(z.iso.date()),
    expectedPatient: z.optional(ExpectedPatientMatch),
  }),
  z.object({ kind: z.literal('local-account'), hasPasskey: z.boolean() }),
  z.object({ kind: z.literal('invitation-link') }),
  z.object({ kind: z.literal('id-shown-in-video'), recordedByName: z.string().check(z.maxLength(80)) }),
]);
export type Identification = z.infer<typeof Identification>;
export type IdentificationKind = Identification['kind'];

/**
 * How a member logged in, kept on the login session (issue 8): a local password, a local passkey
 * (WebAuthn, alone or as the second factor), or HelseID with its security level (clinical use
 * requires 4), the HPR number and, where HPR details say so, the profession. Every participant
 * row derives how that person was identified from this.
 */
export const LoginMethod = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password') }),
  z.object({ method: z.literal('passkey') }),
  z.object({
    method: z.literal('helseid'),
    securityLevel: z.int().check(z.minimum(1), z.maximum(4)),
    hprNumber: z.optional(z.string().check(z.regex(/^[0-9]{1,9}$/))),
    profession: z.optional(z.string().check(z.maxLength(80))),
  }),
]);
export type LoginMethod = z.infer<typeof LoginMethod>;

export const ParticipantState = z.enum(['waiting', 'admitted', 'left', 'declined', 'removed']);
export type ParticipantState = z.infer<typeof ParticipantState>;

export const ConsultationStatus = z.enum(['open', 'active', 'ended']);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});
export type IceServer = z.infer<typeof IceServer>;

/** Free text a host sends to a waiting person, or a decline reason. Never stored. */
export const ShortText = z.string().check(z.trim(), z.minLength(1), z.maxLength(500), noControlCharacters());
