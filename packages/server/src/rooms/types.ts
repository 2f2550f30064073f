/**
 * Types of the pure room model: what a room knows about its participants, the commands it
 * accepts and the effects it asks the shell (the signaling gateway) to carry out.
 */
import type {
  AuditAction,
  ErrorCode,
  Identification,
  IdentificationRequirements,
  MediaMode,
  ParticipantRole,
  ParticipantState,
  ParticipantView,
  SignalData,
} from '@samtale/protocol';

/** One participant as the room holds it. Connection and media flags are live only, never stored. */
export interface RoomParticipant {
  readonly id: string;
  readonly role: ParticipantRole;
  readonly displayName: string;
  /** How the participant was identified (full, host-only parts included; roster.ts filters per viewer). */
  identification: Identification;
  state: ParticipantState;
  waitingSince: Date | null;
  firstJoinedAt: Date | null;
  lastLeftAt: Date | null;
  /** The account behind the participant (hosts and members), for the audit trail and re-entry. */
  readonly userId: string | null;
  /** The invitation link the participant came with (null: host or member); one seat per link. */
  readonly linkId: string | null;
  /** Which of the participant's connections speaks for it: the newest takes over (durable). */
  epoch: number;
  /** Hash of the resume token the current connection holds (durable; null for a room built in a test). */
  resumeTokenHash: string | null;
  isConnected: boolean;
  /**
   * Disconnected and present, with its grace period still to run: the shell keeps one timer per
   * such participant and applies `graceExpired` when it ends.
   */
  isInGrace: boolean;
  isAudioOn: boolean;
  isVideoOn: boolean;
}

/** What the room needs to know to create a participant (from storage or a fresh join). */
export interface ParticipantSeed {
  id: string;
  role: ParticipantRole;
  displayName: string;
  identification: Identification;
  state: ParticipantState;
  waitingSince: Date | null;
  firstJoinedAt: Date | null;
  lastLeftAt: Date | null;
  userId?: string | null;
  linkId?: string | null;
  connectionEpoch?: number;
  resumeTokenHash?: string | null;
}

/** The connection a command came through; the room refuses one that another connection took over. */
export interface Via {
  participantId: string;
  epoch: number;
}

/** A new connection takes the participant over, holding a fresh resume token (its hash here). */
export interface TakeOver {
  resumeTokenHash: string;
}

export type RoomCommand =
  /** A participant created just now (new link holder, or the host's first arrival) connects. */
  | { type: 'join'; participant: ParticipantSeed; at: Date }
  /** A known participant opens the link again (or the host opens the call again). */
  | { type: 'rejoin'; participantId: string; at: Date; takeOver?: TakeOver; identification?: Identification }
  /**
   * A known participant comes back with its resume token after a drop or a server restart;
   * `presentedTokenHash` must match the one the room holds.
   */
  | {
      type: 'resume';
      participantId: string;
      at: Date;
      presentedTokenHash?: string;
      takeOver?: TakeOver;
      /** A member's identification from the login session they came back with (it may differ). */
      identification?: Identification;
    }
  | { type: 'admit'; actorId: string; participantId: string; at: Date }
  | { type: 'decline'; actorId: string; participantId: string; reason?: string; at: Date }
  | { type: 'messageWaiting'; actorId: string; participantId: string; text: string; at: Date }
  | { type: 'returnToWaiting'; actorId: string; participantId: string; at: Date }
  | { type: 'remove'; actorId: string; participantId: string; at: Date }
  /** The host saw the guest's identity document in the video (issue 8, the Normen alternative). */
  | { type: 'recordIdShownInVideo'; actorId: string; participantId: string; at: Date }
  | { type: 'leave'; participantId: string; at: Date }
  /** The participant's socket closed without `leave` (ignored when `epoch` is no longer current). */
  | { type: 'disconnect'; participantId: string; at: Date; epoch?: number }
  /**
   * A participant stayed disconnected for the grace period: someone waiting counts as left, a
   * member of the call is `away` (its SFU session ends; it may still resume).
   */
  | { type: 'graceExpired'; participantId: string; at: Date }
  | { type: 'mediaState'; participantId: string; isAudioOn: boolean; isVideoOn: boolean }
  | { type: 'signal'; from: string; to: string; data: SignalData }
  | { type: 'end'; actorId: string; at: Date }
  /** Host of a meeting: nobody new may enter (not even to wait) while locked. */
  | { type: 'lock'; actorId: string; isLocked: boolean; at: Date }
  /**
   * The consultation's owner acts on the waiting room from the dashboard, outside the call
   * (the shell has checked that the session user owns the consultation).
   */
  | { type: 'declineFromDashboard'; ownerUserId: string; participantId: string; reason?: string; at: Date }
  | { type: 'messageWaitingFromDashboard'; ownerUserId: string; participantId: string; text: string; at: Date };

export type RoomCommandType = RoomCommand['type'];
export type RoomCommandOf<T extends RoomCommandType> = Extract<RoomCommand, { type: T }>;

/** Messages the room addresses to one participant (the shell adds ICE servers to `admitted`). */
export type RoomNotice =
  | { type: 'waiting'; since: Date }
  | { type: 'hostMessage'; text: string; sentAt: Date }
  | { type: 'admitted' }
  | { type: 'roster'; participants: ParticipantView[]; startedAt: Date | null }
  | { type: 'signal'; from: string; data: SignalData }
  | { type: 'declined'; reason?: string }
  | { type: 'returnedToWaiting' }
  | { type: 'removed' }
  | { type: 'ended'; endedAt: Date }
  | { type: 'locked'; isLocked: boolean }
  /** Another device with the same link was admitted in this one's place. */
  | { type: 'superseded' };

/** Durable columns of a participant that a command changed. */
export interface ParticipantPatch {
  state?: ParticipantState;
  identification?: Identification;
  waitingSince?: Date | null;
  firstJoinedAt?: Date | null;
  lastLeftAt?: Date | null;
}

/**
 * How a participant's place in the call changed. `admitted`: in the call on a live connection
 * (admitted, entered directly, or back after a drop); the others: out of the call, or `away`
 * (disconnected past the grace period). The SFU side and the connections act on these, never on
 * what the participant is told.
 */
export type MembershipChange = 'admitted' | 'returnedToWaiting' | 'declined' | 'removed' | 'left' | 'ended' | 'away';

export type RoomEffect =
  | { kind: 'notify'; to: string; notice: RoomNotice }
  /** A new connection speaks for the participant: store its epoch and token hash; older connections are superseded. */
  | { kind: 'takeOver'; participantId: string; epoch: number; resumeTokenHash: string }
  /** The connection that arrived is bound to the participant and told where it stands (first of an arrival's effects). */
  | { kind: 'welcome'; participantId: string; epoch: number; state: 'waiting' | 'admitted' }
  | { kind: 'membership'; participantId: string; change: MembershipChange }
  | { kind: 'persist'; participantId: string; patch: ParticipantPatch }
  | {
      kind: 'audit';
      action: AuditAction;
      actorParticipantId: string | null;
      subjectParticipantId: string | null;
      /** Set when the actor is the owner acting from the dashboard (no participant). */
      actorUserId?: string;
    }
  /** The link now belongs to this participant (admitted with it): the link opens its place from now on. */
  | { kind: 'linkHeld'; linkId: string; participantId: string }
  /** The participant's connection should close after its last notice (declined, removed, left, ended). */
  | { kind: 'disconnect'; participantId: string }
  | { kind: 'started'; at: Date }
  | { kind: 'ended'; at: Date }
  | { kind: 'locked'; isLocked: boolean }
  /** Who waits, or how many are admitted, changed: the owner's dashboard needs a refresh. */
  | { kind: 'dashboardChanged' };

export type RoomResult = { ok: true; effects: RoomEffect[] } | { ok: false; code: ErrorCode };

/**
 * How people enter a meeting (issue 3; from the protocol's `policyFor`). Consultations have no
 * entry policy: the host enters, everyone else waits, at most `meshMax` are admitted.
 */
export interface EntryPolicy {
  directEntry: 'organisation-members' | 'hosts-only';
  maxParticipants: number;
}

/** Durable state a room is rebuilt from (after a restart, or when first needed). */
export interface RoomSnapshot {
  consultationId: string;
  meshMax: number;
  startedAt: Date | null;
  endedAt: Date | null;
  participants: readonly ParticipantSeed[];
  /** Meetings only: who enters without waiting, and the admitted maximum (instead of meshMax). */
  policy?: EntryPolicy;
  isLocked?: boolean;
  /** Who must be identified how before they are in the call (issue 8); none: no identity rules. */
  requirements?: IdentificationRequirements;
  /**
   * How the call's media travels (default `mesh`, as consultations). A meeting runs on mesh when
   * the server has no SFU; then at most `meshMax` are admitted, whatever its policy allows.
   */
  media?: MediaMode;
}
