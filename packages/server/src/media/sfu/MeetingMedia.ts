/**
 * One meeting's SFU side on this node: its Janus room, and one Janus participant (a session with
 * publisher and subscriber handles) per admitted member whose socket is here. Janus state is per
 * node; membership stays with the room registry. When Janus dies the room and every session on
 * it are gone together: `lose()` drops them, and the next `participant()` makes a new room.
 */
import type { FeedView } from '@samtale/protocol';
import type { PublisherMids, SfuAdapter, SfuParticipant, SfuRoom } from './SfuAdapter.ts';

export interface MeetingMediaHooks {
  /** A Janus participant was opened: the owner wires its events (signal aborts on close). */
  opened(participant: SfuParticipant, signal: AbortSignal): void;
}

interface Opened {
  participant: Promise<SfuParticipant>;
  lifetime: AbortController;
}

export class MeetingMedia {
  readonly meetingId: string;
  /** Ends the owner's Bus subscription for this meeting. */
  readonly lifetime = new AbortController();
  readonly #sfu: SfuAdapter;
  readonly #hooks: MeetingMediaHooks;
  #room: Promise<SfuRoom> | null = null;
  #instanceId: string | null = null;
  readonly #participants = new Map<string, Opened>();
  /**
   * The meeting's feeds, by publishing participant (in the order they came): the one place that
   * holds them. A feed is announced once its publisher connection is up (`isUp`).
   */
  readonly #feeds = new Map<string, { feed: FeedView; mids: PublisherMids; isUp: boolean }>();

  constructor(meetingId: string, sfu: SfuAdapter, hooks: MeetingMediaHooks) {
    this.meetingId = meetingId;
    this.#sfu = sfu;
    this.#hooks = hooks;
  }

  /** The instance hosting the room, once created. */
  get instanceId(): string | null {
    return this.#instanceId;
  }

  get isEmpty(): boolean {
    return this.#participants.size === 0;
  }

  /** The feeds members may subscribe to (publisher up). */
  feeds(): FeedView[] {
    return [...this.#feeds.values()].filter((f) => f.isUp).map((f) => f.feed);
  }

  /** The participant publishing `feedId`, if its publisher is up. */
  ownerOf(feedId: string): string | undefined {
    for (const [participantId, f] of this.#feeds) if (f.isUp && f.feed.feedId === feedId) return participantId;
    return undefined;
  }

  /** The mids of a published feed's audio and video. */
  midsOf(feedId: string): PublisherMids | undefined {
    for (const f of this.#feeds.values()) if (f.feed.feedId === feedId) return f.mids;
    return undefined;
  }

  /** Records what a publish made (not announced until `markUp`). */
  published(participantId: string, feed: FeedView, mids: PublisherMids): void {
    this.#feeds.set(participantId, { feed, mids, isUp: false });
  }

  /** The participant's publisher connection is up: true when the announced list changed. */
  markUp(participantId: string): boolean {
    const f = this.#feeds.get(participantId);
    if (f === undefined || f.isUp) return false;
    f.isUp = true;
    return true;
  }

  /** Forgets the participant's feed; returns it when it was announced (the list changed). */
  dropFeed(participantId: string): FeedView | undefined {
    const f = this.#feeds.get(participantId);
    this.#feeds.delete(participantId);
    return f?.isUp === true ? f.feed : undefined;
  }

  /** The Janus participant of `participantId`, opened (and the room created) on first need. */
  participant(participantId: string): Promise<SfuParticipant> {
    const existing = this.#participants.get(participantId);
    if (existing !== undefined) return existing.participant;
    const lifetime = new AbortController();
    const room = this.#ensureRoom();
    const participant = room.then(async (r) => {
      const p = await r.openParticipant(participantId);
      // Hung up (or the room lost) while the session was being made.
      if (lifetime.signal.aborted) {
        await p.close();
        throw new Error('participant hung up while opening');
      }
      this.#hooks.opened(p, lifetime.signal);
      return p;
    });
    this.#participants.set(participantId, { participant, lifetime });
    participant.catch(() => {
      if (this.#participants.get(participantId)?.participant === participant) this.#participants.delete(participantId);
    });
    return participant;
  }

  /** The Janus participant if one is open or opening (never creates one). */
  existing(participantId: string): Promise<SfuParticipant> | undefined {
    return this.#participants.get(participantId)?.participant;
  }

  /** Ends the participant's Janus session (both peer connections). True when its feed left. */
  async hangUp(participantId: string): Promise<boolean> {
    const opened = this.#participants.get(participantId);
    const hadFeed = this.dropFeed(participantId) !== undefined;
    if (opened === undefined) return hadFeed;
    this.#participants.delete(participantId);
    opened.lifetime.abort();
    const p = await opened.participant.catch(() => null);
    await p?.close();
    return hadFeed;
  }

  /** Destroys the room on the SFU when nobody here uses it any more. */
  async destroyRoom(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    this.#instanceId = null;
    const r = await room?.catch(() => null);
    await r?.destroy().catch(() => undefined);
  }

  /** The SFU instance died: forget the room and every session on it (they are gone with Janus). */
  lose(): void {
    for (const opened of this.#participants.values()) {
      opened.lifetime.abort();
      void opened.participant.then((p) => p.close()).catch(() => undefined);
    }
    this.#participants.clear();
    this.#feeds.clear();
    this.#room = null;
    this.#instanceId = null;
  }

  /** Hangs everyone up, destroys the room and ends the Bus subscription. Idempotent. */
  async close(): Promise<void> {
    this.lifetime.abort();
    await Promise.all([...this.#participants.keys()].map((id) => this.hangUp(id)));
    await this.destroyRoom();
  }

  #ensureRoom(): Promise<SfuRoom> {
    if (this.#room !== null) return this.#room;
    const room = this.#sfu.createRoom(this.meetingId);
    this.#room = room;
    room.then(
      (r) => {
        if (this.#room === room) this.#instanceId = r.instanceId;
      },
      () => {
        // Next need tries again (another instance, or the same one after its restart).
        if (this.#room === room) this.#room = null;
      },
    );
    return room;
  }
}
