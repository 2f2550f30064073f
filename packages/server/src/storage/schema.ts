/**
 * The database schema as Kysely sees it (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Must match migrations.ts.
 */
import type { ColumnType, Generated } from 'kysely';
import type {
  AuditAction,
  ConsultationStatus,
  IdentityMethod,
  InvitationRole,
  MediaMode,
  ParticipantRole,
  ParticipantState,
  UserRole,
} from '@samtale/protocol';

import type { AppointmentKind, NotificationPurpose, PatientLanguage } from '@samtale/protocol';
import type { ConsultationKind, DeliveryStatus } from './types.ts';

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
  identity: IdentityMethod;
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
  sequence: Generated<number>;
  cancelledAt: NullableTimestamptz;
  createdAt: Timestamptz;
}

export interface AppointmentNotificationsTable {
  id: string;
  appointmentId: string;
  channel: 'email';
  purpose: NotificationPurpose;
  status: DeliveryStatus;
  reason: string | null;
  createdAt: Timestamptz;
  updatedAt: Timestamptz;
}

export interface OidcPendingLoginsTable {
  keyHash: string;
  provider: 'helseid' | 'idporten';
  purpose: 'login' | 'link';
  userId: string | null;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The DPoP private key as JWK JSON; null without DPoP. */
  dpopKey: string | null;
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
  appointmentNotifications: AppointmentNotificationsTable;
  oidcPendingLogins: OidcPendingLoginsTable;
  helseidMembers: HelseIdMembersTable;
}
