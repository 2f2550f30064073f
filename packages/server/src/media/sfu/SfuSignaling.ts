/**
 * The browser's SFU messages in a meeting, passed to Janus (docs/PROTOCOL.md, "Meetings through
 * the SFU"). Who may speak is the room registry's to say (admitted, current connection); this
 * class owns only the Janus side on this node (MeetingMedia per meeting) and tells members
 * through the Bus: answers, offers and candidates to one participant, `sfuFeeds` to every
 * admitted member, `sfuReset` when Janus died.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClientMessageOf, ServerMessage } from '@samtale/protocol';
import type { Bus } from '../../cluster/Bus.ts';
import { AppError } from '../../errors.ts';
import type { SfuAdapter, SfuParticipant } from './SfuAdapter.ts';
import { roomChannel, RoomBusMessage } from '../../application/channels.ts';
import type { Membership } from '../../signaling/context.ts';
import type { RoomRegistry } from '../../application/RoomRegistry.ts';
import { KeyframeLimiter } from './KeyframeLimiter.ts';
import { MeetingMedia } from './MeetingMedia.ts';

export type SfuMessage = ClientMessageOf<
  'sfuPublish' | 'sfuSubscribe' | 'sfuSubscriberAnswer' | 'sfuTrickle' | 'sfuRequestKeyframe'
>;

export interface SfuSignalingOptions {
  sfu: SfuAdapter | null;
  registry: RoomRegistry;
  bus: Bus;
  log: FastifyBaseLogger;
  /** How long an admitted member's Janus session outlives its socket (a resume keeps it). */
  disconnectGraceMs: number;
  /** Least time between two keyframe requests for one feed (default 1 s). */
  keyframeIntervalMs?: number;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export class SfuSignaling {
  readonly #o: SfuSignalingOptions;
  readonly #meetings = new Map<string, MeetingMedia>();
  readonly #keyframes: KeyframeLimiter;
  readonly #graceTimers = new Map<string, NodeJS.Timeout>();
  /** Meetings told `sfu-unavailable`, to be told `sfu-restarted` when an instance is ready. */
  readonly #awaitingSfu = new Set<string>();
  readonly #closing = new AbortController();

  constructor(options: SfuSignalingOptions) {
    this.#o = options;
    this.#keyframes = new KeyframeLimiter({ intervalMs: options.keyframeIntervalMs ?? 1_000 });
    const signal = this.#closing.signal;
    options.sfu?.events.on('sfuDied', ({ instanceId }) => this.#onSfuDied(instanceId), signal);
    options.sfu?.events.on('sfuReady', () => this.#onSfuReady(), signal);
  }

  /** Handles one SFU message of `membership`'s participant. Refusals are AppErrors. */
  async handle(membership: Membership | null, msg: SfuMessage): Promise<void> {
    if (membership === null) throw new AppError('NOT_JOINED');
    await this.#checkAdmitted(membership);
    const sfu = this.#o.sfu;
    if (sfu === null || !sfu.isAvailable) throw new AppError('SFU_UNAVAILABLE');
    const { consultationId: meetingId, participantId } = membership;
    this.#stopGrace(participantId);
    const media = this.#meeting(meetingId, sfu);
    try {
      switch (msg.type) {
        case 'sfuPublish':
          return await this.#publish(media, participantId, msg);
        case 'sfuSubscribe':
          return await this.#subscribe(media, participantId, msg);
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

  /** A member's socket closed: its Janus session stays for the grace period, for a resume. */
  async connectionClosed(membership: Membership): Promise<void> {
    const { consultationId, participantId, epoch } = membership;
    if (this.#meetings.get(consultationId)?.existing(participantId) === undefined) return;
    const isCurrent = await this.#o.registry
      .withRoom(consultationId, async (t) => t.epochOf(participantId) === epoch)
      .catch(() => false);
    if (!isCurrent || this.#closing.signal.aborted) return;
    this.#stopGrace(participantId);
    const timer = setTimeout(() => {
      this.#graceTimers.delete(participantId);
      void this.#o.registry
        .withRoom(consultationId, async (t) => t.room.participant(participantId)?.isConnected === true)
        .catch(() => false)
        .then((isBack) => (isBack ? undefined : this.#hangUp(consultationId, participantId)));
    }, this.#o.disconnectGraceMs);
    timer.unref();
    this.#graceTimers.set(participantId, timer);
  }

  /** Hangs up every Janus session of this node and destroys its rooms. */
  async close(): Promise<void> {
    this.#closing.abort();
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
    const meetings = [...this.#meetings.values()];
    this.#meetings.clear();
    await Promise.all(meetings.map((m) => m.close().catch(() => undefined)));
  }

  async #checkAdmitted(m: Membership): Promise<void> {
    await this.#o.registry.withRoom(m.consultationId, async (t) => {
      // A connection that another device took over no longer speaks for the participant.
      if (t.epochOf(m.participantId) !== m.epoch) throw new AppError('NOT_JOINED');
      // Consultations are peer-to-peer (mesh): no SFU.
      if (t.room.policy === null) throw new AppError('INVALID_STATE');
      // Fail closed: someone waiting learns nothing about, and sends nothing to, the SFU room.
      if (t.room.participant(m.participantId)?.state !== 'admitted') throw new AppError('INVALID_STATE');
    });
  }

  async #publish(media: MeetingMedia, participantId: string, msg: ClientMessageOf<'sfuPublish'>): Promise<void> {
    const p = await media.participant(participantId);
    // A republish replaces the old feed: the others stop asking for it.
    if (media.setFeed(participantId, null)) await this.#broadcastFeeds(media);
    const { feedId, answer } = await p.publish(msg.jsep);
    await this.#deliver(media.meetingId, participantId, { type: 'sfuAnswer', jsep: answer, feedId });
  }

  async #subscribe(media: MeetingMedia, participantId: string, msg: ClientMessageOf<'sfuSubscribe'>): Promise<void> {
    const published = new Set(media.feeds().flatMap((f) => (f.participantId === participantId ? [] : [f.feedId])));
    // Feeds that left since the client's last `sfuFeeds` are dropped here, not refused.
    const wanted = msg.feeds.filter((f) => published.has(f.feedId));
    const p = await media.participant(participantId);
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

  /** The meeting's media on this node, with its Bus subscription, made on first need. */
  #meeting(meetingId: string, sfu: SfuAdapter): MeetingMedia {
    const existing = this.#meetings.get(meetingId);
    if (existing !== undefined) return existing;
    const media = new MeetingMedia(meetingId, sfu, {
      opened: (p, signal) => this.#wire(media, p, signal),
    });
    this.#meetings.set(meetingId, media);
    this.#o.bus.subscribe(roomChannel(meetingId), (raw) => this.#onRoomMessage(media, raw), media.lifetime.signal);
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
        if (target !== 'publisher' || p.feed === null) return;
        if (media.setFeed(id, p.feed, p.publishedMids)) void this.#broadcastFeeds(media);
      },
      signal,
    );
    p.events.on(
      'hangup',
      ({ target }) => {
        if (target !== 'publisher' || !media.setFeed(id, null)) return;
        if (p.feed !== null) this.#keyframes.forget(p.feed.feedId);
        void this.#broadcastFeeds(media);
      },
      signal,
    );
  }

  /** What the room tells its members decides whose Janus session ends, and who gets the feeds. */
  #onRoomMessage(media: MeetingMedia, raw: unknown): void {
    const parsed = RoomBusMessage.safeParse(raw);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.kind === 'close') {
      void this.#hangUp(media.meetingId, m.participantId);
      return;
    }
    if (m.kind !== 'deliver') return;
    switch (m.message.type) {
      case 'admitted':
        // A newcomer (or a member back after a drop) learns what it can subscribe to.
        this.#stopGrace(m.to);
        void this.#sendFeeds(media, [m.to]);
        return;
      case 'removed':
      case 'returnedToWaiting':
      case 'ended':
        void this.#hangUp(media.meetingId, m.to);
        return;
      default:
        return;
    }
  }

  async #hangUp(meetingId: string, participantId: string): Promise<void> {
    this.#stopGrace(participantId);
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

  /** Every admitted member currently connected gets the feeds (never anyone waiting). */
  #broadcastFeeds(media: MeetingMedia): Promise<void> {
    return this.#sendFeeds(media, null);
  }

  /** `sfuFeeds` to `only` (or every admitted, connected member), decided inside the room's queue. */
  async #sendFeeds(media: MeetingMedia, only: readonly string[] | null): Promise<void> {
    await this.#toAdmitted(media.meetingId, only, () => ({ type: 'sfuFeeds', feeds: media.feeds() }));
  }

  async #toAdmitted(meetingId: string, only: readonly string[] | null, message: () => ServerMessage): Promise<void> {
    try {
      await this.#o.registry.withRoom(meetingId, async (t) => {
        if (t.room.isEnded) return;
        for (const p of t.room.participants()) {
          if (p.state !== 'admitted' || !p.isConnected || (only !== null && !only.includes(p.id))) continue;
          await this.#deliver(meetingId, p.id, message());
        }
      });
    } catch (error) {
      if (!(error instanceof AppError)) this.#o.log.warn({ errorName: errorName(error) }, 'sfu notice failed');
    }
  }

  #deliver(meetingId: string, to: string, message: ServerMessage): Promise<void> {
    return this.#o.bus.publish(roomChannel(meetingId), { kind: 'deliver', to, message } satisfies RoomBusMessage);
  }

  #stopGrace(participantId: string): void {
    clearTimeout(this.#graceTimers.get(participantId));
    this.#graceTimers.delete(participantId);
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
      void this.#toAdmitted(meetingId, null, () => ({ type: 'sfuReset', reason }));
    }
  }

  #onSfuReady(): void {
    const meetings = [...this.#awaitingSfu];
    this.#awaitingSfu.clear();
    for (const meetingId of meetings) {
      void this.#toAdmitted(meetingId, null, () => ({ type: 'sfuReset', reason: 'sfu-restarted' }));
    }
  }
}
