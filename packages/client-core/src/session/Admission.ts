import {
  PROTOCOL_VERSION,
  type ClientMessage,
  type JoinAs,
  type ParticipantRole,
  type ServerMessageOf,
} from '@samtale/protocol';
import type { ConnectionState } from '../signaling/SignalingClient.ts';
import { errorOutcome } from './error-outcome.ts';
import type { ResumeTokenStore } from './resume-token-store.ts';
import type { PhaseChange, SessionPhase } from './types.ts';

export interface AdmissionOptions {
  join: JoinAs;
  tokens: ResumeTokenStore;
  /** Sends the join or resume on the socket. */
  send: (message: ClientMessage) => boolean;
  /** The phase changed (repeated `failed` is reported again: each carries its own error). */
  onPhaseChanged: (change: PhaseChange) => void;
}

/** What the session does with an `error` after the admission has taken its part. */
export type ErrorAction = 'fail' | 'retrySfu' | 'report' | 'handled';

/**
 * Getting in and staying in: the join or resume on every (re)opened socket, the identity the
 * `welcome` gives, the resume token, and the phase machine (connecting -> waiting -> admitted,
 * back to waiting, or a terminal phase). It sends only entry messages; everything else is the
 * session's.
 */
export class Admission {
  readonly #options: AdmissionOptions;
  #phase: SessionPhase = 'connecting';
  #participantId: string | null = null;
  #role: ParticipantRole | null = null;
  #displayName: string | null = null;
  #consultationId: string | null = null;
  #waitingSince: string | null = null;
  /** True between `welcome` and the socket closing: messages other than join/resume may be sent. */
  #isJoined = false;
  /** Welcomed at least once by this object; a stored token from an earlier page is not. */
  #hasBeenWelcomed = false;
  /** The id of the join/resume in flight: an error echoing it means we could not get in. */
  #entryRequestId: string | null = null;
  #requestCount = 0;

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  get phase(): SessionPhase {
    return this.#phase;
  }
  get participantId(): string | null {
    return this.#participantId;
  }
  get role(): ParticipantRole | null {
    return this.#role;
  }
  get displayName(): string | null {
    return this.#displayName;
  }
  get consultationId(): string | null {
    return this.#consultationId;
  }
  /** When this person entered the waiting room, while waiting. */
  get waitingSince(): string | null {
    return this.#waitingSince;
  }
  get isJoined(): boolean {
    return this.#isJoined;
  }

  /** The socket (re)opened: join, or resume with the token kept in this tab. */
  handleOpened(): void {
    this.#isJoined = false;
    const id = `entry-${(this.#requestCount += 1)}`;
    this.#entryRequestId = id;
    const token = this.#options.tokens.get();
    this.#options.send(
      token === null
        ? { type: 'join', id, protocolVersion: PROTOCOL_VERSION, as: this.#options.join }
        : { type: 'resume', id, protocolVersion: PROTOCOL_VERSION, resumeToken: token },
    );
  }

  handleConnectionState(state: ConnectionState): void {
    if (state !== 'open') this.#isJoined = false;
  }

  /** Returns true when this welcome is for a different participant than before (a fresh join). */
  handleWelcome(message: ServerMessageOf<'welcome'>): boolean {
    const isOtherParticipant = this.#participantId !== null && this.#participantId !== message.participantId;
    this.#isJoined = true;
    this.#hasBeenWelcomed = true;
    this.#entryRequestId = null;
    this.#participantId = message.participantId;
    this.#role = message.role;
    this.#displayName = message.displayName;
    this.#consultationId = message.consultationId;
    this.#options.tokens.set(message.resumeToken);
    return isOtherParticipant;
  }

  /** In the waiting room (`waiting` gives the time we entered it; `returnedToWaiting` does not). */
  handleWaiting(since?: string): void {
    if (since !== undefined) this.#waitingSince = since;
    this.#setPhase({ phase: 'waiting' });
  }

  /** Admitted to the call; false (and nothing changes) before any welcome. */
  handleAdmitted(): boolean {
    if (this.#participantId === null) return false;
    this.#waitingSince = null;
    this.#setPhase({ phase: 'admitted' });
    return true;
  }

  /** A terminal phase: no token to resume with. */
  handleFinished(change: PhaseChange): void {
    this.#options.tokens.remove();
    this.#setPhase(change);
  }

  /** Takes its part of an `error` (a refused old token: join afresh) and says what else to do. */
  handleError(message: ServerMessageOf<'error'>, canRetrySfu: boolean): ErrorAction {
    const outcome = errorOutcome(message, {
      hasBeenWelcomed: this.#hasBeenWelcomed,
      entryRequestId: this.#entryRequestId,
      canRetrySfu,
    });
    if (outcome !== 'rejoin') return outcome;
    this.#options.tokens.remove();
    this.handleOpened();
    return 'handled';
  }

  /** Leaving for good: forget the token so that a reload does not resume. */
  forget(): void {
    this.#options.tokens.remove();
  }

  #setPhase(change: PhaseChange): void {
    if (this.#phase === change.phase && change.phase !== 'failed') return;
    this.#phase = change.phase;
    this.#options.onPhaseChanged(change);
  }
}
