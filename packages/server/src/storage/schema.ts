/**
 * The database schema as Kysely sees it (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Must match migrations.ts.
 */
import type { ColumnType, Generated } from 'kysely';
import type {
  AuditAction,
  ConsultationStatus,
  InvitationRole,
  MediaMode,
  ParticipantRole,
  ParticipantState,
  UserRole,
} from '@samtale/protocol';

import type { AppointmentKind, EquipmentTestVerdict, NotificationPurpose, PatientLanguage } from '@samtale/protocol';
import type { ConsultationKind, DeliveryChannel, DeliveryStatus, JobStatus, PasskeyChallengePurpose } from './types.ts';
import type { DocumentKind } from './consent-types.ts';
import type { ConsentDecision, ConsentMethod, TextLanguage } from '@samtale/protocol';

type Timestamptz = ColumnType<Date, Date, Date>;
type NullableTimestamptz = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface OrganisationsTable {
  id: string;
  name: string;
  createdAt: Timestamptz;
}

export interface UsersTable {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
  createdAt: Timestamptz;
  requiresPasskey: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SessionsTable {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  /** The session's LoginMethod as JSON text. */
  loginMethod: ColumnType<string, string | undefined, string>;
  createdAt: Timestamptz;
  expiresAt: Timestamptz;
}

export interface ConsultationsTable {
  id: string;
  organisationId: string;
  ownerUserId: string;
  label: string | null;
  status: ConsultationStatus;
  createdAt: Timestamptz;
  startedAt: NullableTimestamptz;
  endedAt: NullableTimestamptz;
  kind: ColumnType<ConsultationKind, ConsultationKind | undefined, ConsultationKind>;
  hasPersonalData: ColumnType<boolean, boolean | undefined, boolean>;
  media: ColumnType<MediaMode, MediaMode | undefined, MediaMode>;
  isLocked: ColumnType<boolean, boolean | undefined, boolean>;
  expectedPatientHmac: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InvitationsTable {
  id: string;
  consultationId: string;
  role: InvitationRole;
  tokenHash: string;
  createdByUserId: string;
  createdAt: Timestamptz;
  expiresAt: Timestamptz;
  revokedAt: NullableTimestamptz;
  participantId: string | null;
}

export interface ParticipantsTable {
  id: string;
  consultationId: string;
  role: ParticipantRole;
  displayName: string;
  /** Identification as JSON text (issue 8). */
  identification: ColumnType<string, string | undefined, string>;
  /** Keyed hash (HMAC-SHA256) of an ID-porten participant's pid; never leaves the server. */
  pidHmac: ColumnType<string | null, string | null | undefined, string | null>;
  userId: string | null;
  invitationId: string | null;
  state: ParticipantState;
  resumeTokenHash: string;
  connectionEpoch: Generated<number>;
  waitingSince: NullableTimestamptz;
  firstJoinedAt: NullableTimestamptz;
  lastLeftAt: NullableTimestamptz;
  consentedAt: NullableTimestamptz;
  createdAt: Timestamptz;
}

export interface AuditEventsTable {
  /** bigint: node-postgres returns it as a string, PGlite as a number. */
  id: ColumnType<string | number, number, never>;
  at: Timestamptz;
  action: AuditAction;
  actorUserId: string | null;
  actorParticipantId: string | null;
  consultationId: string | null;
  subjectParticipantId: string | null;
  details: ColumnType<Record<string, string | number | boolean>, string, never>;
  prevHash: string;
  hash: string;
  /** How many identical events the row stands for (1 unless coalesced). */
  count: ColumnType<number, number | undefined, number>;
  lastAt: NullableTimestamptz;
  /** Another row follows this one: it never changes again. Not hashed (it only says whether it may). */
  isSealed: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AppointmentsTable {
  id: string;
  organisationId: string;
  ownerUserId: string;
  consultationId: string;
  kind: AppointmentKind;
  label: string | null;
  startsAt: Timestamptz;
  endsAt: Timestamptz;
  language: PatientLanguage;
  patientEmail: string | null;
  patientPhone: string | null;
  contactErasedAt: NullableTimestamptz;
  invitationId: string | null;
  linkOpenedAt: NullableTimestamptz;
  equipmentTestedAt: NullableTimestamptz;
  equipmentVerdict: EquipmentTestVerdict | null;
  sequence: Generated<number>;
  cancelledAt: NullableTimestamptz;
  createdAt: Timestamptz;
}

/** The key of an appointment link's `/test#<key>` link (its SHA-256), removed with the link. */
export interface EquipmentTestLinksTable {
  keyHash: string;
  invitationId: string;
}

export interface AppointmentNotificationsTable {
  id: string;
  appointmentId: string;
  channel: DeliveryChannel;
  purpose: NotificationPurpose;
  status: DeliveryStatus;
  reason: string | null;
  createdAt: Timestamptz;
  updatedAt: Timestamptz;
  /** The job (and channel) that made this delivery; null for one a clinician's action made. */
  jobKey: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JobsTable {
  id: string;
  kind: string;
  dedupeKey: string;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  runAt: Timestamptz;
  attempts: Generated<number>;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: NullableTimestamptz;
  lastError: string | null;
  createdAt: Timestamptz;
  finishedAt: NullableTimestamptz;
}

export interface MessageTemplatesTable {
  organisationId: string;
  language: PatientLanguage;
  purpose: NotificationPurpose;
  channel: 'sms' | 'email';
  /** An e-mail's subject; null for an SMS. */
  subject: string | null;
  body: string;
  updatedAt: Timestamptz;
}

export interface OrganisationReminderSettingsTable {
  organisationId: string;
  /** JSON array of minutes before the appointment. */
  offsetsMinutes: string;
  updatedByUserId: string | null;
  updatedAt: Timestamptz;
}

export interface PasskeyCredentialsTable {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: string;
  /** bigint: node-postgres returns it as a string, PGlite as a number. */
  counter: ColumnType<string | number, number, number>;
  /** JSON array of AuthenticatorTransport. */
  transports: string;
  name: string;
  isBackedUp: boolean;
  createdAt: Timestamptz;
  lastUsedAt: NullableTimestamptz;
}

export interface PasskeyChallengesTable {
  keyHash: string;
  purpose: PasskeyChallengePurpose;
  userId: string | null;
  challenge: string;
  expiresAt: Timestamptz;
}

/** An organisation's retention periods (the protocol's RetentionSettings, as JSON). */
export interface RetentionSettingsTable {
  organisationId: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updatedAt: Timestamptz;
  updatedByUserId: string | null;
}

/** Where the audit chain starts after a purge: the first kept event follows `prevHash`. */
export interface AuditAnchorTable {
  id: ColumnType<boolean, boolean | undefined, boolean>;
  /** bigint: node-postgres returns it as a string, PGlite as a number. */
  firstId: ColumnType<string | number, number, number>;
  prevHash: string;
  purgedCount: ColumnType<string | number, number, number>;
  at: Timestamptz;
}

export interface OrganisationDocumentVersionsTable {
  organisationId: string;
  hash: string;
  kind: DocumentKind;
  language: TextLanguage | null;
  body: string;
  savedAt: Timestamptz;
  savedByUserId: string | null;
}

export interface OrganisationDocumentCurrentTable {
  organisationId: string;
  slot: string;
  hash: string;
  updatedAt: Timestamptz;
}

export interface ConsentRecordsTable {
  id: string;
  consultationId: string;
  participantId: string;
  decision: ConsentDecision;
  method: ConsentMethod;
  textHash: string;
  language: TextLanguage;
  recordedByUserId: string | null;
  at: Timestamptz;
}

export interface ConsultationChecklistsTable {
  consultationId: string;
  checklistHash: string;
  pinnedAt: Timestamptz;
}

export interface ChecklistTicksTable {
  consultationId: string;
  itemId: string;
  tickedAt: Timestamptz;
  tickedByUserId: string | null;
}

export interface OrganisationJournalSettingsTable {
  organisationId: string;
  epjFhirUrl: string | null;
  /** The BillingTable as JSON text; null: the shipped default. */
  billingTable: string | null;
  updatedByUserId: string | null;
  updatedAt: Timestamptz;
}

export interface OidcPendingLoginsTable {
  keyHash: string;
  provider: 'helseid' | 'idporten';
  purpose: 'login' | 'link' | 'identify';
  userId: string | null;
  /** The invitation whose holder identifies (purpose `identify`), else null. */
  invitationId: string | null;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The DPoP private key as JWK JSON; null without DPoP. */
  dpopKey: string | null;
  createdAt: Timestamptz;
  expiresAt: Timestamptz;
}

/** A patient's ID-porten identification, bound to a browser cookie and one invitation (issue 8). */
export interface IdportenIdentificationsTable {
  keyHash: string;
  invitationId: string;
  level: 'high' | 'substantial';
  pidHmac: string;
  birthDate: string;
  createdAt: Timestamptz;
  expiresAt: Timestamptz;
}

export interface HelseIdMembersTable {
  userId: string;
  hprNumber: string | null;
  pidPseudonymHmac: string | null;
  linkedAt: NullableTimestamptz;
  createdAt: Timestamptz;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  consultations: ConsultationsTable;
  invitations: InvitationsTable;
  participants: ParticipantsTable;
  auditEvents: AuditEventsTable;
  settings: SettingsTable;
  appointments: AppointmentsTable;
  equipmentTestLinks: EquipmentTestLinksTable;
  appointmentNotifications: AppointmentNotificationsTable;
  passkeyCredentials: PasskeyCredentialsTable;
  passkeyChallenges: PasskeyChallengesTable;
  retentionSettings: RetentionSettingsTable;
  auditAnchor: AuditAnchorTable;
  organisationDocumentVersions: OrganisationDocumentVersionsTable;
  organisationDocumentCurrent: OrganisationDocumentCurrentTable;
  consentRecords: ConsentRecordsTable;
  consultationChecklists: ConsultationChecklistsTable;
  checklistTicks: ChecklistTicksTable;
  organisationJournalSettings: OrganisationJournalSettingsTable;
  jobs: JobsTable;
  messageTemplates: MessageTemplatesTable;
  organisationReminderSettings: OrganisationReminderSettingsTable;
  oidcPendingLogins: OidcPendingLoginsTable;
  helseidMembers: HelseIdMembersTable;
  idportenIdentifications: IdportenIdentificationsTable;
}
