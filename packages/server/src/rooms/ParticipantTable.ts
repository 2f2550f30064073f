/** The participants of one room, by id: the room's only copy of who is there and how. */
import { refuse } from './refusal.ts';
import type { ParticipantSeed, RoomParticipant } from './types.ts';

/** What the shell may ask about the participants (read only). */
export interface ParticipantQueries {
  find(id: string): Readonly<RoomParticipant> | undefined;
  ofUser(userId: string, role?: string): Readonly<RoomParticipant> | undefined;
  isInCall(participantId: string, epoch?: number): boolean;
  inCall(): string[];
}

export class ParticipantTable implements ParticipantQueries {
  readonly #byId = new Map<string, RoomParticipant>();

  /** Adds a participant from a stored or fresh seed (connection and media flags start live). */
  add(seed: ParticipantSeed, isConnected: boolean): RoomParticipant {
    const { userId = null, linkId = null, connectionEpoch = 0, resumeTokenHash = null, ...rest } = seed;
    const p: RoomParticipant = {
      ...rest,
      userId,
      linkId,
      epoch: connectionEpoch,
      resumeTokenHash,
      isConnected,
      isInGrace: false,
      isAudioOn: true,
      isVideoOn: true,
    };
    this.#byId.set(p.id, p);
    return p;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  find(id: string): RoomParticipant | undefined {
    return this.#byId.get(id);
  }

  /** The participant, or a PARTICIPANT_NOT_FOUND refusal. */
  get(id: string): RoomParticipant {
    const p = this.#byId.get(id);
    if (p === undefined) refuse('PARTICIPANT_NOT_FOUND');
    return p;
  }

  /** The participant of account `userId` (with `role`, if given), if it has been here before. */
  ofUser(userId: string, role?: string): RoomParticipant | undefined {
    for (const p of this.#byId.values()) if (p.userId === userId && (role === undefined || p.role === role)) return p;
    return undefined;
  }

  /**
   * Whether `participantId` is in the call on its current connection right now: admitted,
   * connected, and (when `epoch` is given) speaking through that connection. Asked before
   * anything about the call's media (SFU offers, feeds, candidates) is delivered to someone.
   */
  isInCall(participantId: string, epoch?: number): boolean {
    const p = this.#byId.get(participantId);
    return p?.state === 'admitted' && p.isConnected && (epoch === undefined || p.epoch === epoch);
  }

  /** Everyone in the call on a live connection. */
  inCall(): string[] {
    return [...this.#byId.values()].filter((p) => p.state === 'admitted' && p.isConnected).map((p) => p.id);
  }

  values(): IterableIterator<RoomParticipant> {
    return this.#byId.values();
  }

  get admittedCount(): number {
    let n = 0;
    for (const p of this.#byId.values()) if (p.state === 'admitted') n += 1;
    return n;
  }
}
