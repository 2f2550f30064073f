import * as z from 'zod/mini';
import {
  ConsultationStatus,
  DisplayName,
  IceServer,
  Id,
  Identification,
  IdportenLevel,
  InvitationRole,
  LoginMethod,
  noControlCharacters,
  ParticipantRole,
  ShortText,
  Timestamp,
  UserRole,
} from './common.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { PatientTextVersion } from './consent.ts';
import { IdentificationRequirements, Requirement } from './identification-policy.ts';

/** Header that carries the CSRF token on every cookie-authenticated write. */
export const CSRF_HEADER = 'x-csrf-token';
/** Name of the session cookie (HttpOnly). */
export const SESSION_COOKIE = 'samtale_session';

const Email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());
const Password = z.string().check(z.minLength(10), z.maxLength(1024));

// ---- errors ----
export const ApiError = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** Seconds until a retry may succeed (rate limits). */
    retryAfterSeconds: z.optional(z.int().check(z.minimum(0))),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

// ---- auth ----
export const LoginBody = z.object({ email: Email, password: z.string().check(z.minLength(1), z.maxLength(1024)) });
export type LoginBody = z.infer<typeof LoginBody>;

export const UserView = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  role: UserRole,
  organisationId: Id,
  organisationName: z.string(),
  /** Passkeys the member has registered (issue 8). */
  passkeyCount: z.int().check(z.minimum(0)),
  /** "Krev passnøkkel": a password alone does not log this member in. */
  requiresPasskey: z.boolean(),
  /** The member's HelseID (issue 8): registered by HPR number or linked; null for neither. */
  helseId: z.nullable(z.object({ hprNumber: z.nullable(z.string()), isLinked: z.boolean() })),
});
export type UserView = z.infer<typeof UserView>;

/** Answer of POST /api/auth/login and GET /api/auth/me. */
export const SessionView = z.object({ user: UserView, csrfToken: z.string(), loginMethod: z.optional(LoginMethod) });
export type SessionView = z.infer<typeof SessionView>;

// ---- first-admin setup ----
export const SetupStatus = z.object({ isSetupNeeded: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupBody = z.object({
  setupToken: z.string().check(z.minLength(16), z.maxLength(256)),
  organisationName: z.string().check(z.trim(), z.minLength(1), z.maxLength(120), noControlCharacters()),
  email: Email,
  displayName: DisplayName,
  password: Password,
});
export type SetupBody = z.infer<typeof SetupBody>;

// ---- users (admin) ----
export const CreateUserBody = z.object({
  email: Email,
  displayName: DisplayName,
  role: UserRole,
  password: Password,
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;
export const UserList = z.object({ users: z.array(UserView) });
export type UserList = z.infer<typeof UserList>;

// ---- consultations ----
/**
 * The expected patient's national identity number (fødselsnummer or D-nummer), typed by the
 * clinician; only ever in a POST body, stored only as a keyed hash (issue 8). Spaces allowed;
 * the server checks the digits (NATIONAL_ID_INVALID).
 */
export const ExpectedPatientBody = z.string().check(z.maxLength(20));

export const CreateConsultationBody = z.object({
  label: z.optional(z.string().check(z.trim(), z.maxLength(100), noControlCharacters())),
  expectedPatient: z.optional(ExpectedPatientBody),
});
export type CreateConsultationBody = z.infer<typeof CreateConsultationBody>;

export const CreateInvitationBody = z.object({
  role: InvitationRole,
  /** Lifetime of the link; default set by the server. */
  ttlMinutes: z.optional(z.int().check(z.minimum(5), z.maximum(60 * 24 * 30))),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

/** An invitation as its creator sees it. `url` is only present right after creation (the token is not stored). */
export const InvitationView = z.object({
  id: Id,
  role: InvitationRole,
  expiresAt: Timestamp,
  isRevoked: z.boolean(),
  url: z.optional(z.string()),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const WaitingEntry = z.object({
  participantId: Id,
  displayName: z.string(),
  role: ParticipantRole,
  waitingSince: Timestamp,
  /** How the person waiting was identified (full: only the consultation's owner gets this list). */
  identification: Identification,
});
export type WaitingEntry = z.infer<typeof WaitingEntry>;

export const ConsultationView = z.object({
  id: Id,
  label: z.nullable(z.string()),
  status: ConsultationStatus,
  createdAt: Timestamp,
  startedAt: z.nullable(Timestamp),
  endedAt: z.nullable(Timestamp),
  invitations: z.array(InvitationView),
  waiting: z.array(WaitingEntry),
  admittedCount: z.int().check(z.minimum(0)),
  /** Who must be identified how to be let in (issue 8); set on answers of the HTTP API. */
  identificationRequirements: z.optional(IdentificationRequirements),
});
export type ConsultationView = z.infer<typeof ConsultationView>;

/** Answer of POST /api/consultations: the consultation and the patient's first link. */
export const CreatedConsultation = z.object({ consultation: ConsultationView, invitation: InvitationView });
export type CreatedConsultation = z.infer<typeof CreatedConsultation>;

export const ConsultationList = z.object({ consultations: z.array(ConsultationView) });
export type ConsultationList = z.infer<typeof ConsultationList>;

export const SummaryParticipant = z.object({
  displayName: z.string(),
  role: ParticipantRole,
  identification: Identification,
  firstJoinedAt: z.nullable(Timestamp),
  lastLeftAt: z.nullable(Timestamp),
});
export const ConsultationSummary = z.object({
  id: Id,
  label: z.nullable(z.string()),
  startedAt: z.nullable(Timestamp),
  endedAt: z.nullable(Timestamp),
  durationSeconds: z.nullable(z.int().check(z.minimum(0))),
  participants: z.array(SummaryParticipant),
});
export type ConsultationSummary = z.infer<typeof ConsultationSummary>;

// ---- patient side: opening a link ----
/** POST /api/invitations/inspect — the token goes in the body, never in a query string. */
export const InspectInvitationBody = z.object({ token: z.string().check(z.minLength(16), z.maxLength(256)) });
export type InspectInvitationBody = z.infer<typeof InspectInvitationBody>;
export const InvitationInfo = z.object({
  role: InvitationRole,
  organisationName: z.string(),
  expiresAt: Timestamp,
  /** The organisation's current patient information and consent text, one per language (issue 9). */
  texts: z.array(PatientTextVersion),
  /** How the link's holder must be identified to be let in (issue 8); absent from older servers. */
  identificationRequired: z.optional(Requirement),
  /** Whether the holder can identify with ID-porten here (issue 8): the server has it configured. */
  isIdportenEnabled: z.optional(z.boolean()),
  /** The level this browser identified at with ID-porten for this link, while that lasts. */
  idportenLevel: z.optional(IdportenLevel),
});
export type InvitationInfo = z.infer<typeof InvitationInfo>;

// ---- client configuration ----
export const ClientConfig = z.object({
  meshMax: z.int().check(z.minimum(2)),
  iceServers: z.array(IceServer),
  protocolVersion: z.int(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;

// ---- audit ----
export const AuditAction = z.enum([
  'login',
  'login_failed',
  'logout',
  'user_created',
  'consultation_created',
  'invitation_created',
  'invitation_used',
  'invitation_revoked',
  'consent_given',
  'waiting',
  'admitted',
  'declined',
  'returned_to_waiting',
  'removed',
  'joined',
  'left',
  'ended',
  'id_shown_in_video',
  'appointment_booked',
  'appointment_rescheduled',
  'appointment_cancelled',
  'passkey_registered',
  'passkey_removed',
  'passkey_requirement_changed',
  'credentials_reset',
  'retention_changed',
  'retention_purged',
  'consent_withdrawn',
  'patient_text_saved',
  'checklist_saved',
  'checklist_item_ticked',
  'checklist_item_unticked',
  'journal_settings_changed',
  'message_template_saved',
  'reminder_offsets_changed',
  'helseid_linked',
  'idporten_identified',
  'idporten_refused',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEventView = z.object({
  id: z.int(),
  /** When it happened (the first time, for a coalesced row). */
  at: Timestamp,
  action: AuditAction,
  actorUserId: z.nullable(Id),
  actorParticipantId: z.nullable(Id),
  consultationId: z.nullable(Id),
  subjectParticipantId: z.nullable(Id),
  /** How many identical events the row stands for (repeats from one link within a minute). */
  count: z.int().check(z.minimum(1)),
  /** The last of them, when `count` > 1. */
  lastAt: z.nullable(Timestamp),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

/** Where the next (older) page of the audit trail starts; opaque to clients. */
export const AuditCursor = z.string().check(z.regex(/^[1-9]\d{0,15}$/));
export const AUDIT_PAGE_MAX = 500;
export const AUDIT_PAGE_DEFAULT = 100;

/**
 * Filters and paging of `GET /api/audit` (query string) and the CLI's `audit list`. Newest
 * first; `cursor` is the previous page's `nextCursor`. Pages stay stable while events are
 * appended: a cursor points below every event that existed when it was made. `actor`: a user or
 * a participant; `from`/`to`: events whose time span touches that range.
 */
export const AuditQuery = z.object({
  consultationId: z.optional(Id),
  actor: z.optional(Id),
  action: z.optional(AuditAction),
  from: z.optional(Timestamp),
  to: z.optional(Timestamp),
  cursor: z.optional(AuditCursor),
  limit: z.optional(
    z.pipe(
      z.union([z.int(), z.string().check(z.regex(/^\d{1,4}$/))]),
      z.pipe(
        z.transform((v: number | string) => Number(v)),
        z.int().check(z.minimum(1), z.maximum(AUDIT_PAGE_MAX)),
      ),
    ),
  ),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditList = z.object({ events: z.array(AuditEventView), nextCursor: z.nullable(AuditCursor) });
export type AuditList = z.infer<typeof AuditList>;

export { ShortText };
