import type { ParticipantView, ServerMessageOf } from '@samtale/protocol';

export interface RosterEvents {
  /** A new roster arrived (the list is the server's, never mutated afterwards). */
  onRosterChanged: (participants: ParticipantView[]) => void;
  /** Meetings: a host locked or unlocked the meeting. */
  onLockChanged: (isLocked: boolean) => void;
}

/**
 * Who is in the call, as the server last said: the one place a session keeps the roster (the
 * media plane and the key exchange get the ids they need from it; the web shows this list).
 */
export class Roster {
  readonly #events: RosterEvents;
  #participants: ParticipantView[] = [];
  #startedAt: string | null = null;
  #isLocked = false;

  constructor(events: RosterEvents) {
    this.#events = events;
  }

  get participants(): ParticipantView[] {
    return this.#participants;
  }
  /** When the call started (first admission). */
  get startedAt(): string | null {
    return this.#startedAt;
  }
  get isLocked(): boolean {
    return this.#isLocked;
  }

  /** Whether a participant is a host (a host makes the first offer in a mesh). */
  isHost(participantId: string): boolean {
    return this.#participants.find((p) => p.id === participantId)?.role === 'host';
  }

  /** The admitted participants other than `selfId` (their signaling may be away: media may still flow). */
  peersOf(selfId: string | null): string[] {
    return this.#participants.filter((p) => p.state === 'admitted' && p.id !== selfId).map((p) => p.id);
  }

  /** The participants in the waiting room. */
  waitingIds(): string[] {
    return this.#participants.filter((p) => p.state === 'waiting').map((p) => p.id);
  }

  handleRoster(message: ServerMessageOf<'roster'>): void {
    this.#participants = message.participants;
    this.#startedAt = message.startedAt;
    this.#events.onRosterChanged(message.participants);
  }

  handleLocked(message: ServerMessageOf<'locked'>): void {
    this.#isLocked = message.isLocked;
    this.#events.onLockChanged(message.isLocked);
  }
}
