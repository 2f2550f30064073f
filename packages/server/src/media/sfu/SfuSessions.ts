/**
 * The Janus sessions of meetings on this node: the browser's SFU messages passed to Janus
 * (docs/PROTOCOL.md, "Meetings through the SFU"). Who may speak, and who may hear, is the room's
 * to say (`MeetingMembers`): a request is checked when it comes in, each Janus session is opened
 * only for someone in the call and ended by the room's membership effects, and every message
 * back (answers, offers, candidates, `sfuFeeds`, `sfuReset`) is checked again as it is delivered.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClientMessageOf } from '@samtale/protocol';
import { AppError } from '../../errors.ts';
import { KeyframeLimiter } from './KeyframeLimiter.ts';
import type { MediaPlaneMessage, MeetingMembers, MemberConnection, MembershipChangeKind } from './MeetingMembers.ts';
import { MeetingMedia } from './MeetingMedia.ts';
import type { SfuAdapter, SfuParticipant } from './SfuAdapter.ts';

export type SfuMessage = ClientMessageOf<
  'sfuPublish' | 'sfuSubscribe' | 'sfuSubscriberAnswer' | 'sfuTrickle' | 'sfuRequestKeyframe'
>;

export interface SfuSessionsOptions {
  sfu: SfuAdapter | null;
  members: MeetingMembers;
  log: FastifyBaseLogger;
  /** Least time between two keyframe requests for one feed (default 1 s). */
  keyframeIntervalMs?: number;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export class SfuSessions {
  readonly #o: SfuSessionsOptions;
  readonly #meetings = new Map<string, MeetingMedia>();
  readonly #keyframes: KeyframeLimiter;
  /** Meetings told `sfu-unavailable` (or refused SFU_UNAVAILABLE), to be told `sfu-restarted` when an instance is ready. */
  readonly #awaitingSfu = new Set<string>();
  /**
   * The latest publish of each participant (`meetingId/participantId` -> its number): the answer
   * to a publish overtaken by a newer one is for a Janus handle the newer one detached, so it is
   * never delivered (nor its feed recorded).
   */
  readonly #publishes = new Map<string, number>();
  #publishCount = 0;
  readonly #closing = new AbortController();

  constructor(options: SfuSessionsOptions) {
    this.#o = options;
    this.#keyframes = new KeyframeLimiter({ intervalMs: options.keyframeIntervalMs ?? 1_000 });
    const signal = this.#closing.signal;
    options.sfu?.events.on('sfuDied', ({ instanceId }) => this.#onSfuDied(instanceId), signal);
    options.sfu?.events.on('sfuReady', () => this.#onSfuReady(), signal);
  }

  /** Handles one SFU message of the connection `c` (null: not joined). Refusals are AppErrors. */
  async handle(c: MemberConnection | null, msg: SfuMessage): Promise<void> {
    if (c === null) throw new AppError('NOT_JOINED');
    const { members } = this.#o;
    // Trickle is the most frequent message: with the room in memory it needs no queue.
    if (!members.isInCall(c.meetingId, c.participantId, c.epoch)) await members.ready(c);
    const sfu = this.#o.sfu;
    if (sfu === null) throw new AppError('SFU_UNAVAILABLE');
    if (!sfu.isAvailable) {
      // Janus is coming back: the member waits for `sfu-restarted` instead of asking again.
      this.#awaitingSfu.add(c.meetingId);
      throw new AppError('SFU_UNAVAILABLE');
    }
    const { meetingId, participantId } = c;
    const media = this.#meeting(meetingId, sfu);
    try {
      switch (msg.type) {
        case 'sfuPublish':
          return await this.#publish(media, this.#open(media, c), participantId, msg);
        case 'sfuSubscribe':
          return await this.#subscribe(media, this.#open(media, c), participantId, msg);
        case 'sfuSubscriberAnswer': {
          const p = await media.existing(participantId);
          if (p === undefined) throw new AppError('INVALID_STATE');
          return await p.answerSubscriber(msg.jsep);
        }
        case 'sfuTrickle':
          // Candidates for a connection Janus no longer knows (after a reset) are simply stale.
          return await (await media.existing(participantId))?.trickle(msg.target, msg.candidate);
        case 'sfuRequestKeyframe':
          return await this.#requestKeyframe(media, msg.feedId);
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      // Janus refused or went away; its own words may carry SDP, so only the name is logged.
      this.#o.log.warn({ errorName: errorName(error), messageType: msg.type }, 'sfu request failed');
      throw new AppError(sfu.isAvailable ? 'INVALID_STATE' : 'SFU_UNAVAILABLE', { cause: error });
    }
  }

  /** Hangs up every Janus session of this node and destroys its rooms. */
  async close(): Promise<void> {
    this.#closing.abort();
    const meetings = [...this.#meetings.values()];
    this.#meetings.clear();
    await Promise.all(meetings.map((m) => m.close().catch(() => undefined)));
  }

  /**
   * The Janus participant of `c`, opened on first need. Checked and registered in one synchronous
   * step: a membership change after it finds the session and ends it, one before it is refused.
   */
  #open(media: MeetingMedia, c: MemberConnection): Promise<SfuParticipant> {
    if (!this.#o.members.isInCall(c.meetingId, c.participantId, c.epoch)) throw new AppError('INVALID_STATE');
    return media.participant(c.participantId);
  }

  async #publish(
    media: MeetingMedia,
    opening: Promise<SfuParticipant>,
    participantId: string,
    msg: ClientMessageOf<'sfuPublish'>,
  ): Promise<void> {
    // Numbered as it arrives (a participant's second socket may publish while the first does).
    const key = `${media.meetingId}/${participantId}`;
    this.#publishCount += 1;
    const seq = this.#publishCount;
    this.#publishes.set(key, seq);
    const isLatest = (): boolean => this.#publishes.get(key) === seq;
    try {
      const p = await opening;
      // A republish replaces the old feed: the others stop asking for it.
      if (media.dropFeed(p.participantId) !== undefined) await this.#broadcastFeeds(media);
      const { feed, mids, answer } = await p.publish(msg.jsep);
      if (!isLatest()) return;
      media.published(p.participantId, feed, mids);
      await this.#deliver(media.meetingId, p.participantId, {
        type: 'sfuAnswer',
        jsep: answer,
        feedId: feed.feedId,
        ...(msg.id === undefined ? {} : { ref: msg.id }),
      });
    } finally {
      if (isLatest()) this.#publishes.delete(key);
    }
  }

  async #subscribe(
    media: MeetingMedia,
    opening: Promise<SfuParticipant>,
    participantId: string,
    msg: ClientMessageOf<'sfuSubscribe'>,
  ): Promise<void> {
    const published = new Set(media.feeds().flatMap((f) => (f.participantId === participantId ? [] : [f.feedId])));
    // Feeds that left since the client's last `sfuFeeds` are dropped here, not refused.
    const wanted = msg.feeds.filter((f) => published.has(f.feedId));
    const p = await opening;
    const offer = await p.subscribe(
      wanted.map(({ feedId, substream, hasVideo }) => {
        const publisherMids = media.midsOf(feedId);
        return {
          feedId,
          substream,
          ...(hasVideo === undefined ? {} : { hasVideo }),
          ...(publisherMids === undefined ? {} : { publisherMids }),
        };
      }),
    );
    if (offer === null) return;
    await this.#deliver(media.meetingId, participantId, {
      type: 'sfuSubscriberOffer',
      jsep: offer.jsep,
      streams: offer.streams,
    });
  }

  async #requestKeyframe(media: MeetingMedia, feedId: string): Promise<void> {
    const owner = media.ownerOf(feedId);
    if (owner === undefined || !this.#keyframes.take(feedId)) return;
    await (await media.existing(owner))?.requestKeyframe();
  }

  /** The meeting's media on this node, following the meeting's membership, made on first need. */
  #meeting(meetingId: string, sfu: SfuAdapter): MeetingMedia {
    const existing = this.#meetings.get(meetingId);
    if (existing !== undefined) return existing;
    const media = new MeetingMedia(meetingId, sfu, {
      opened: (p, signal) => this.#wire(media, p, signal),
    });
    this.#meetings.set(meetingId, media);
    this.#o.members.watch(meetingId, (id, change) => this.#onMembership(media, id, change), media.lifetime.signal);
    return media;
  }

  #wire(media: MeetingMedia, p: SfuParticipant, signal: AbortSignal): void {
    const { meetingId } = media;
    const id = p.participantId;
    p.events.on(
      'trickle',
      ({ target, candidate }) => void this.#deliver(meetingId, id, { type: 'sfuTrickle', target, candidate }),
      signal,
    );
    p.events.on(
      'webrtcUp',
      ({ target }) => {
        // Announced only once Janus has the media: subscribing earlier answers 428 "No such feed".
        if (target === 'publisher' && media.markUp(id)) void this.#broadcastFeeds(media);
      },
      signal,
    );
    p.events.on(
      'hangup',
      ({ target }) => {
        const gone = target === 'publisher' ? media.dropFeed(id) : undefined;
        if (gone === undefined) return;
        this.#keyframes.forget(gone.feedId);
        void this.#broadcastFeeds(media);
      },
      signal,
    );
  }

  /** The room's membership effects decide whose Janus session ends, and who gets the feeds. */
  #onMembership(media: MeetingMedia, participantId: string, change: MembershipChangeKind): void {
    // A newcomer (or a member back after a drop) learns what it can subscribe to.
    if (change === 'admitted') void this.#sendFeeds(media, [participantId]);
    else void this.#hangUp(media.meetingId, participantId);
  }

  async #hangUp(meetingId: string, participantId: string): Promise<void> {
    const media = this.#meetings.get(meetingId);
    if (media === undefined) return;
    try {
      const hadFeed = await media.hangUp(participantId);
      if (hadFeed) await this.#broadcastFeeds(media);
      if (media.isEmpty && this.#meetings.get(meetingId) === media) {
        // Nobody here uses the room: destroy it (a later publish makes a new one).
        this.#meetings.delete(meetingId);
        await media.close();
      }
    } catch (error) {
      this.#o.log.warn({ errorName: errorName(error) }, 'sfu hangup failed');
    }
  }

  /** Every member in the call gets the feeds (never anyone waiting). */
  #broadcastFeeds(media: MeetingMedia): Promise<void> {
    return this.#sendFeeds(media, null);
  }

  /** `sfuFeeds` to `only` (or every member in the call). */
  async #sendFeeds(media: MeetingMedia, only: readonly string[] | null): Promise<void> {
    await this.#toMembers(media.meetingId, only, () => ({ type: 'sfuFeeds', feeds: media.feeds() }));
  }

  async #toMembers(meetingId: string, only: readonly string[] | null, message: () => MediaPlaneMessage): Promise<void> {
    const to = only ?? this.#o.members.inCall(meetingId);
    await Promise.all(to.map((id) => this.#deliver(meetingId, id, message())));
  }

  async #deliver(meetingId: string, to: string, message: MediaPlaneMessage): Promise<void> {
    try {
      await this.#o.members.deliver(meetingId, to, message);
    } catch (error) {
      this.#o.log.warn({ errorName: errorName(error) }, 'sfu notice failed');
    }
  }

  /** Janus died: its rooms and sessions are gone. Members republish on `sfuReset` by themselves. */
  #onSfuDied(instanceId: string): void {
    const isAvailable = this.#o.sfu?.isAvailable === true;
    for (const [meetingId, media] of this.#meetings) {
      if (media.instanceId !== instanceId) continue;
      media.lose();
      this.#meetings.delete(meetingId);
      media.lifetime.abort();
      if (!isAvailable) this.#awaitingSfu.add(meetingId);
      const reason = isAvailable ? 'sfu-restarted' : 'sfu-unavailable';
      void this.#toMembers(meetingId, null, () => ({ type: 'sfuReset', reason }));
    }
  }

  #onSfuReady(): void {
    const meetings = [...this.#awaitingSfu];
    this.#awaitingSfu.clear();
    for (const meetingId of meetings)
      void this.#toMembers(meetingId, null, () => ({ type: 'sfuReset', reason: 'sfu-restarted' }));
  }
}
