/**
 * The storage port: what the rest of the server may ask of durable storage.
 * Implemented over Kysely for PGlite (embedded default) and PostgreSQL. Rows are plain
 * objects with Date timestamps; secrets (passwords, tokens) are never stored in clear,
 * only their hashes — callers pass hashes in, never tokens.
 */
import type {
  AppointmentKind,
  AuditAction,
  EquipmentTestVerdict,
  NotificationPurpose,
  PatientLanguage,
  WaitingEntry,
  ConsultationStatus,
  ConsultationView,
  Identification,
  InvitationRole,
  LoginMethod,
  MediaMode,
  MeetingKind,
  MeetingView,
  ParticipantRole,
  ParticipantState,
  UserRole,
} from '@samtale/protocol';
import type { ChecklistStateRepository, ConsentRepository, DocumentRepository } from './consent-types.ts';
import type {
  HelseIdMemberRepository,
  IdportenIdentificationRepository,
  OidcPendingLoginRepository,
  PasskeyChallengeRepository,
  PasskeyRepository,
} from './access-types.ts';
import type { JobRepository, MessageTemplateRepository, ReminderSettingsRepository } from './jobs-types.ts';
import type { JournalSettingsRepository, RetentionRepository } from './settings-types.ts';

// The parts of the port that stand in their own files, for those who import everything from here.
export type * from './access-types.ts';
export type * from './jobs-types.ts';
export type * from './settings-types.ts';

export interface OrganisationRow {
  id: string;
  name: string;
  createdAt: Date;
}

export interface UserRow {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
  createdAt: Date;
  /** "Krev passnøkkel" (issue 8): a password alone does not create a session. */
  requiresPasskey: boolean;
}

export interface SessionRow {
  /** SHA-256 (hex) of the session cookie's token. */
  tokenHash: string;
  userId: string;
  csrfToken: string;
  /** How the member logged in (password, passkey, HelseID with its level). */
  loginMethod: LoginMethod;
  createdAt: Date;
  expiresAt: Date;
}

/** A 1:1 consultation (issue 2) or a meeting of one of the kinds in issue 3. */
export type ConsultationKind = 'consultation' | MeetingKind;

export interface ConsultationRow {
  id: string;
  organisationId: string;
  ownerUserId: string;
  /** A consultation's label, or a meeting's title. */
  label: string | null;
  status: ConsultationStatus;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  kind: ConsultationKind;
  hasPersonalData: boolean;
  /** Peer-to-peer (consultations) or through the SFU (meetings). */
  media: MediaMode;
  /** A host locked the meeting: nobody new may enter, not even to wait. */
  isLocked: boolean;
  /** HMAC-SHA256 (server key) of the expected patient's national identity number; never sent anywhere. */
  expectedPatientHmac: string | null;
}

export interface InvitationRow {
  id: string;
  consultationId: string;
  role: InvitationRole;
  /** SHA-256 (hex) of the link's token (>= 128 random bits). */
  tokenHash: string;
  createdByUserId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** The participant currently holding this link (one person per link at a time). */
  participantId: string | null;
}

export interface ParticipantRow {
  id: string;
  consultationId: string;
  role: ParticipantRole;
  displayName: string;
  /** How the participant was identified (issue 8); host-only parts are filtered where it is shown. */
  identification: Identification;
  /** HMAC-SHA256 (server secret) of the pid an ID-porten participant identified with; null otherwise. Never sent. */
  pidHmac: string | null;
  userId: string | null;
  invitationId: string | null;
  state: ParticipantState;
  /** SHA-256 (hex) of the resume token; lets the same person come back after a drop or a restart. */
  resumeTokenHash: string;
  /** Bumped each time the participant's connection is replaced; the newest connection wins. */
  connectionEpoch: number;
  waitingSince: Date | null;
  firstJoinedAt: Date | null;
  lastLeftAt: Date | null;
  consentedAt: Date | null;
  createdAt: Date;
}

export interface NewAuditEvent {
  action: AuditAction;
  actorUserId?: string | null;
  actorParticipantId?: string | null;
  consultationId?: string | null;
  subjectParticipantId?: string | null;
  /** Small non-personal facts only (e.g. { role: 'patient' }); never message text or names. */
  details?: Record<string, string | number | boolean>;
}

export interface AuditEventRow {
  id: number;
  at: Date;
  action: AuditAction;
  actorUserId: string | null;
  actorParticipantId: string | null;
  consultationId: string | null;
  subjectParticipantId: string | null;
  details: Record<string, string | number | boolean>;
  /** How many identical events this row stands for (repeats coalesced; 1 for most). */
  count: number;
  /** When the last of them happened (null while `count` is 1). */
  lastAt: Date | null;
  prevHash: string;
  hash: string;
}

/** A page of the audit trail, newest first; `nextCursor` (an opaque id) fetches the older rest. */
export interface AuditPage {
  events: AuditEventRow[];
  nextCursor: string | null;
}

/** Which events `AuditRepository.list` returns: all filters must match; newest first. */
export interface AuditFilter {
  consultationId?: string;
  /** A user or a participant that acted. */
  actor?: string;
  action?: AuditAction;
  /** Events whose span (`at` to `lastAt`) touches [from, to]. */
  from?: Date;
  to?: Date;
  /** Only events older than this id (paging: the last id of the previous page). */
  beforeId?: number;
  limit?: number;
}

export interface OrganisationRepository {
  create(name: string): Promise<OrganisationRow>;
  get(id: string): Promise<OrganisationRow | undefined>;
  /** The single organisation of an embedded installation, if created. */
  first(): Promise<OrganisationRow | undefined>;
}

export interface UserRepository {
  /** Throws StorageError `conflict` (field `email`) when the email exists. */
  create(user: Omit<UserRow, 'id' | 'createdAt' | 'requiresPasskey'>): Promise<UserRow>;
  get(id: string): Promise<UserRow | undefined>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  listByOrganisation(organisationId: string): Promise<UserRow[]>;
  countAdmins(): Promise<number>;
  setRequiresPasskey(id: string, requiresPasskey: boolean): Promise<void>;
  /**
   * An administrator's reset (issue 8), in one transaction: every passkey removed, the new
   * password hash set, "krev passnøkkel" off, every session ended. Returns the ended sessions'
   * token hashes (their sockets must close) and how many passkeys were removed.
   */
  resetCredentials(id: string, passwordHash: string): Promise<{ endedSessions: string[]; passkeysRemoved: number }>;
}

export interface SessionRepository {
  create(session: SessionRow): Promise<void>;
  /** The live (unexpired) session with this token hash, with its user. */
  findLive(tokenHash: string, now: Date): Promise<{ session: SessionRow; user: UserRow } | undefined>;
  delete(tokenHash: string): Promise<void>;
}

export interface ConsultationRepository {
  create(c: {
    organisationId: string;
    ownerUserId: string;
    label: string | null;
    /** Keyed hash of the expected patient's national identity number (issue 8). */
    expectedPatientHmac?: string | null;
    /** Meetings only; a consultation leaves these out. */
    meeting?: { kind: MeetingKind; hasPersonalData: boolean };
  }): Promise<ConsultationRow>;
  get(id: string): Promise<ConsultationRow | undefined>;
  listByOwner(ownerUserId: string): Promise<ConsultationRow[]>;
  /** Sets status 'active' and startedAt if not yet started (idempotent). */
  markStarted(id: string, at: Date): Promise<void>;
  /** Sets status 'ended' and endedAt (idempotent). */
  markEnded(id: string, at: Date): Promise<void>;
  /** The ad-hoc consultations a clinician's dashboard shows (live waiting list included; no meetings, no appointments). */
  viewsForOwner(ownerUserId: string): Promise<ConsultationView[]>;
  /** The meetings a member created, newest first, with invitations and who waits. */
  meetingViewsForOwner(ownerUserId: string): Promise<MeetingView[]>;
  /** One meeting's view (undefined when `id` is not a meeting). */
  meetingView(id: string): Promise<MeetingView | undefined>;
  setLocked(id: string, isLocked: boolean): Promise<void>;
}

export interface InvitationRepository {
  create(inv: Omit<InvitationRow, 'id' | 'createdAt' | 'revokedAt' | 'participantId'>): Promise<InvitationRow>;
  findByTokenHash(tokenHash: string): Promise<InvitationRow | undefined>;
  get(id: string): Promise<InvitationRow | undefined>;
  listByConsultation(consultationId: string): Promise<InvitationRow[]>;
  setParticipant(id: string, participantId: string | null): Promise<void>;
  revoke(id: string, at: Date): Promise<void>;
}

export interface ParticipantRepository {
  create(p: Omit<ParticipantRow, 'id' | 'createdAt' | 'connectionEpoch'>): Promise<ParticipantRow>;
  /**
   * Stores a new participant holding the link `p.invitationId` if that link is not revoked and is
   * still held by `holder` (null: nobody), in one statement (a compare-and-set on the link);
   * stores nothing and returns undefined when someone else took it or it was revoked meanwhile.
   */
  createTakingInvitation(
    p: Omit<ParticipantRow, 'id' | 'createdAt' | 'connectionEpoch' | 'invitationId'> & { invitationId: string },
    holder: string | null,
  ): Promise<ParticipantRow | undefined>;
  get(id: string): Promise<ParticipantRow | undefined>;
  findByResumeTokenHash(tokenHash: string): Promise<ParticipantRow | undefined>;
  listByConsultation(consultationId: string): Promise<ParticipantRow[]>;
  /** Consultations (not ended) where someone is in state 'waiting' — after a restart nobody is connected. */
  consultationIdsWithWaiting(): Promise<string[]>;
  /** Partial update of the mutable columns; returns the updated row. Throws StorageError `not-found`. */
  update(
    id: string,
    patch: Partial<
      Pick<
        ParticipantRow,
        | 'state'
        | 'displayName'
        | 'resumeTokenHash'
        | 'connectionEpoch'
        | 'waitingSince'
        | 'firstJoinedAt'
        | 'lastLeftAt'
        | 'consentedAt'
        | 'identification'
        | 'pidHmac'
      >
    >,
  ): Promise<ParticipantRow>;
}

/** The room-state columns of a participant: what a room command changes. */
export type ParticipantStateChanges = Partial<
  Pick<
    ParticipantRow,
    'state' | 'waitingSince' | 'firstJoinedAt' | 'lastLeftAt' | 'connectionEpoch' | 'resumeTokenHash' | 'identification'
  >
>;

/** A change of a consultation itself, with the rules of markStarted, markEnded and setLocked. */
export type ConsultationChange =
  { kind: 'started'; at: Date } | { kind: 'ended'; at: Date } | { kind: 'locked'; isLocked: boolean };

/** What one room command changes durably, written together. */
export interface RoomChanges {
  consultationId: string;
  /** Changed columns per participant (one entry per participant). */
  participants: ReadonlyMap<string, ParticipantStateChanges>;
  /** Invitation links that now belong to another participant: link id -> participant id. */
  links?: ReadonlyMap<string, string>;
  /** At most one change of the consultation itself. */
  consultation?: ConsultationChange;
  /** Audit events, in order, all at the `at` given to `record`. */
  audit: readonly NewAuditEvent[];
}

export interface RoomChangesRepository {
  /** Writes a room command's changes (one statement in the common case). */
  record(changes: RoomChanges, at: Date): Promise<void>;
}

export interface AuditRepository {
  /** Appends one hash-chained event (the chain is serialised inside the repository). */
  append(event: NewAuditEvent, at?: Date): Promise<AuditEventRow>;
  /** Appends several events in order, all at `at`, in one write (one statement in the common case). */
  appendAll(events: readonly NewAuditEvent[], at?: Date): Promise<AuditEventRow[]>;
  /** Events matching `filter`, newest first (at most `limit`, default 500). */
  list(filter?: AuditFilter): Promise<AuditEventRow[]>;
  /** One page of `list` and where the next, older page starts. */
  page(filter: AuditFilter & { limit: number }): Promise<AuditPage>;
  /** Recomputes the hash chain; returns the id of the first broken event, or null when intact. */
  verify(): Promise<number | null>;
}

/** Where one message to a patient stands. */
export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'logged';

/** How a message reaches the patient. */
export type DeliveryChannel = 'email' | 'sms';

export interface AppointmentRow {
  id: string;
  organisationId: string;
  ownerUserId: string;
  /** The consultation the appointment's call happens in (created with it). */
  consultationId: string;
  kind: AppointmentKind;
  label: string | null;
  startsAt: Date;
  endsAt: Date;
  language: PatientLanguage;
  /** Personal data: null once the retention rule erased it (`contactErasedAt`). */
  patientEmail: string | null;
  patientPhone: string | null;
  contactErasedAt: Date | null;
  /** The link of the latest invitation (earlier ones are revoked). */
  invitationId: string | null;
  linkOpenedAt: Date | null;
  /** The latest equipment test run from the invitation's `/test` link: when, and its verdict only. */
  equipmentTestedAt: Date | null;
  equipmentVerdict: EquipmentTestVerdict | null;
  /** iCalendar SEQUENCE: bumped by every change the patient is told about. */
  sequence: number;
  cancelledAt: Date | null;
  createdAt: Date;
}

export interface NotificationRow {
  id: string;
  appointmentId: string;
  channel: DeliveryChannel;
  purpose: NotificationPurpose;
  status: DeliveryStatus;
  /** The provider's reason for a failure, without the recipient's address. */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The job (and channel) that made this delivery; null for one a clinician's action made. */
  jobKey: string | null;
}

/** An appointment with what its status is derived from (scheduling/ builds the view). */
export interface AppointmentDetails {
  appointment: AppointmentRow;
  consultationStatus: ConsultationStatus;
  /** Patients (and others with a link) waiting now, longest first. */
  waiting: WaitingEntry[];
  /** Someone other than the host is in the call now. */
  isGuestAdmitted: boolean;
  /** Someone other than the host has ever been in the call. */
  hasGuestJoined: boolean;
  /** The latest e-mail about the appointment. */
  latestEmail: NotificationRow | null;
  /** The latest SMS about the appointment. */
  latestSms: NotificationRow | null;
}

/** A new invitation link, as stored (the token itself never is). */
export interface NewInvitationLink {
  tokenHash: string;
  createdByUserId: string;
  expiresAt: Date;
  /** SHA-256 of the key of the link's `/test#<key>` link (issue 9); absent: the link has none. */
  equipmentKeyHash?: string;
}

/** The patient link an equipment-test key belongs to, and what it is a link to. */
export interface EquipmentTestLink {
  invitation: InvitationRow;
  appointment: AppointmentRow;
  consultationStatus: ConsultationStatus;
}

export interface AppointmentRepository {
  /**
   * Books: the consultation, its patient link and the appointment, in one transaction that
   * first takes the owner's lock, so two bookings at once cannot overlap. Throws StorageError
   * `conflict` (field `time`) when the owner has another (not cancelled) appointment in the slot.
   */
  book(
    a: Omit<
      AppointmentRow,
      | 'id'
      | 'consultationId'
      | 'invitationId'
      | 'linkOpenedAt'
      | 'equipmentTestedAt'
      | 'equipmentVerdict'
      | 'sequence'
      | 'cancelledAt'
      | 'contactErasedAt'
    >,
    link: NewInvitationLink,
  ): Promise<{ appointment: AppointmentRow; invitation: InvitationRow }>;
  get(id: string): Promise<AppointmentRow | undefined>;
  /** The appointment booked for consultation `consultationId`, if it was booked (issue 9, journal facts). */
  findByConsultation(consultationId: string): Promise<AppointmentRow | undefined>;
  /**
   * Moves an appointment (not cancelled) and gives it a new link (the old one is revoked), with
   * the overlap check of `book`. Throws StorageError `conflict` (field `time`), or `not-found`
   * when it does not exist or was cancelled meanwhile.
   */
  reschedule(
    id: string,
    slot: { startsAt: Date; endsAt: Date },
    link: NewInvitationLink,
    at: Date,
  ): Promise<{ appointment: AppointmentRow; invitation: InvitationRow }>;
  /** A new link for the appointment (the old one is revoked), e.g. to resend a failed invitation. */
  replaceLink(
    id: string,
    link: NewInvitationLink,
    at: Date,
  ): Promise<{ appointment: AppointmentRow; invitation: InvitationRow }>;
  /** One more link for a live appointment, beside the invitation's (a reminder's); not-found when cancelled. */
  addLink(
    id: string,
    link: NewInvitationLink,
    at: Date,
  ): Promise<{ appointment: AppointmentRow; invitation: InvitationRow }>;
  /** Cancels (idempotent: the first time counts) and revokes its links; returns the row. */
  cancel(id: string, at: Date): Promise<AppointmentRow>;
  /** Records that a patient link (`invitationId`) of the appointment was opened; the owner when this is news, else undefined. */
  markLinkOpened(invitationId: string, at: Date): Promise<{ ownerUserId: string } | undefined>;
  /** The link whose `/test` key hashes to `keyHash`, with its appointment; undefined for an unknown key. */
  findEquipmentTestLink(keyHash: string): Promise<EquipmentTestLink | undefined>;
  /** Keeps the latest equipment test run of an appointment (its time and verdict, nothing else). */
  recordEquipmentTest(appointmentId: string, verdict: EquipmentTestVerdict, at: Date): Promise<void>;
  /** The owner's appointments starting in [from, to), in time order, with their live details. */
  detailsForOwner(ownerUserId: string, from: Date, to: Date): Promise<AppointmentDetails[]>;
  details(id: string): Promise<AppointmentDetails | undefined>;
  /** Starts a delivery record in state `sending`. */
  recordNotification(
    n: Pick<NotificationRow, 'appointmentId' | 'channel' | 'purpose'>,
    at: Date,
  ): Promise<NotificationRow>;
  /**
   * Starts the delivery `jobKey` names (a job's message on one channel): a new record in state
   * `sending`, or a `failed` one back to `sending` (a retry). Undefined when it is already sent,
   * logged or being sent: a job that runs again never sends the same message twice.
   */
  startJobNotification(
    n: Pick<NotificationRow, 'appointmentId' | 'channel' | 'purpose'> & { jobKey: string },
    at: Date,
  ): Promise<NotificationRow | undefined>;
  settleNotification(
    id: string,
    outcome: { status: 'sent' | 'logged' } | { status: 'failed'; reason: string },
    at: Date,
  ): Promise<void>;
  /**
   * Deliveries a stopped server left in `sending` (started before `startedBefore`, so another
   * node's send in progress is left alone) become `failed`: they can be resent.
   */
  failInterruptedNotifications(reason: string, at: Date, startedBefore: Date): Promise<number>;
}

export interface Storage {
  organisations: OrganisationRepository;
  users: UserRepository;
  sessions: SessionRepository;
  /** Members' passkeys (issue 8) and the challenges of their ceremonies. */
  passkeys: PasskeyRepository;
  passkeyChallenges: PasskeyChallengeRepository;
  consultations: ConsultationRepository;
  invitations: InvitationRepository;
  participants: ParticipantRepository;
  appointments: AppointmentRepository;
  journalSettings: JournalSettingsRepository;
  jobs: JobRepository;
  messageTemplates: MessageTemplateRepository;
  /** Each organisation's reminder times (issue 9). */
  reminderSettings: ReminderSettingsRepository;
  audit: AuditRepository;
  /** A room command's participant, consultation and audit changes, together. */
  rooms: RoomChangesRepository;
  /** Organisation documents (patient texts, checklists), consent records and ticks (issue 9). */
  documents: DocumentRepository;
  consents: ConsentRepository;
  checklists: ChecklistStateRepository;
  /** Logins waiting for the OIDC provider's callback (issue 8). */
  oidcLogins: OidcPendingLoginRepository;
  /** Which member each HelseID person is (issue 8). */
  helseIdMembers: HelseIdMemberRepository;
  /** Patients identified with ID-porten, before they join with their link (issue 8). */
  idportenIdentifications: IdportenIdentificationRepository;
  /** Settings such as the one-time first-admin setup token hash. */
  settings: {
    get(key: string): Promise<string | undefined>;
    set(key: string, value: string): Promise<void>;
    delete(key: string): Promise<void>;
  };
  retention: RetentionRepository;
  /** Resolves when the database answers (readiness). */
  ping(): Promise<void>;
  /** Runs pending migrations. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
