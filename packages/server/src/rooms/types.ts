/**
 * Types of the pure room model: what a room knows about its participants, the commands it
 * accepts and the effects it asks the shell (the signaling gateway) to carry out.
 */
import type {
  AuditAction,
  ErrorCode,
  IdentityMethod,
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
  readonly identity: IdentityMethod;
  state: ParticipantState;
  waitingSince: Date | null;
  firstJoinedAt: Date | null;
  lastLeftAt: Date | null;
  isConnected: boolean;
  isAudioOn: boolean;
  isVideoOn: boolean;
}

/** What the room needs to know to create a participant (from storage or a fresh join). */
export interface ParticipantSeed {
  id: string;
  role: ParticipantRole;
  displayName: string;
  identity: IdentityMethod;
  state: ParticipantState;
  waitingSince: Date | null;
  firstJoinedAt: Date | null;
  lastLeftAt: Date | null;
}

export type RoomCommand =
  /** A participant created just now (new link holder, or the host's first arrival) connects. */
  | { type: 'join'; participant: ParticipantSeed; at: Date }
  /** A known participant opens the link again (or the host opens the call again). */
  | { type: 'rejoin'; participantId: string; at: Date }
  /** A known participant comes back with its resume token after a drop or a server restart. */
  | { type: 'resume'; participantId: string; at: Date }
  | { type: 'admit'; actorId: string; participantId: string; at: Date }
  | { type: 'decline'; actorId: string; participantId: string; reason?: string; at: Date }
  | { type: 'messageWaiting'; actorId: string; participantId: string; text: string; at: Date }
  | { type: 'returnToWaiting'; actorId: string; participantId: string; at: Date }
  | { type: 'remove'; actorId: string; participantId: string; at: Date }
  | { type: 'leave'; participantId: string; at: Date }
  /** The participant's socket closed without `leave`. */
  | { type: 'disconnect'; participantId: string; at: Date }
  /** A waiting participant stayed disconnected for the grace period. */
  | { type: 'waitingExpired'; participantId: string; at: Date }
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
  | { type: 'locked'; isLocked: boolean };

/** Durable columns of a participant that a command changed. */
export interface ParticipantPatch {
  state?: ParticipantState;
  waitingSince?: Date | null;
  firstJoinedAt?: Date | null;
  lastLeftAt?: Date | null;
}

export type RoomEffect =
  | { kind: 'notify'; to: string; notice: RoomNotice }
  | { kind: 'persist'; participantId: string; patch: ParticipantPatch }
  | {
      kind: 'audit';
      action: AuditAction;
      actorParticipantId: string | null;
      subjectParticipantId: string | null;
      /** Set when the actor is the owner acting from the dashboard (no participant). */
      actorUserId?: string;
    }
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
}
