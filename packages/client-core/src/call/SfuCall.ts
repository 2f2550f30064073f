import type { ErrorCode, FeedView, IceServer, ServerMessageOf } from '@samtale/protocol';
import { updateIceServers } from './sfu/rtc-convert.ts';
import { Emitter, type ListenerOptions } from '../events.ts';
import type { CallEvents, SfuPlane, SfuPlaneOptions, SfuServerMessage } from './Call.ts';
import { ActiveSpeakerDetector } from './sfu/active-speaker.ts';
import { feedOfParticipant } from './sfu/feed-map.ts';
import type { SfuMediaTransform } from './sfu/media-transform.ts';
import { SfuPublisher } from './sfu/SfuPublisher.ts';
import { SfuSubscriber } from './sfu/SfuSubscriber.ts';
import { isSamePlan, planSubscription, type PlannedFeed, type VisibleTile } from './sfu/subscription-plan.ts';

/** How often received audio levels are sampled for the active speaker. */
const SPEAKER_SAMPLE_MS = 250;
/** A publisher connection that failed is republished after this long (Janus may be restarting). */
const REPUBLISH_AFTER_FAILURE_MS = 1_000;
/** How long we wait for the offer a subscription change should bring before asking again. */
const OFFER_WAIT_MS = 5_000;
/** A refused SFU request is retried after this long, doubling up to the maximum. */
const RETRY_MS = { initial: 500, max: 5_000 } as const;

export interface SfuCallOptions extends SfuPlaneOptions {
  /** The E2EE layer's hook (issue 3); null: media unencrypted (tests only). */
  transform?: SfuMediaTransform | null;
}

/**
 * A meeting's media through the SFU (Janus VideoRoom; docs/PROTOCOL.md "Media (SFU)"): one
 * publisher connection with our microphone and camera (VP8 simulcast + Opus) and one subscriber
 * connection with everyone else. What we receive is declarative: the UI says which tiles it shows
 * (`subscribe`), and we ask the server for exactly those feeds at a fitting layer, audio from all.
 * When Janus goes away (`sfuReset` `sfu-unavailable`, or a request refused SFU_UNAVAILABLE) the
 * call stops its connections and waits; `sfu-restarted` then republishes and resubscribes once.
 * Every answer is matched to the publish it answers (`ref`), so a late answer to an earlier
 * publish is never taken for the current one.
 */
export class SfuCall implements SfuPlane {
  readonly kind = 'sfu';
  readonly #options: SfuCallOptions;
  readonly #events = new Emitter<CallEvents>();
  readonly #teardown = new AbortController();
  readonly #speakers = new ActiveSpeakerDetector();
  #publisher: SfuPublisher | null = null;
  #subscriber: SfuSubscriber;
  #feeds: readonly FeedView[] = [];
  /** null until the UI says what it shows: then every feed's video at the low layer. */
  #tiles: readonly VisibleTile[] | null = null;
  #sentPlan: PlannedFeed[] | null = null;
  #peers = new Set<string>();
  #speakerTimer: ReturnType<typeof setInterval> | undefined;
  #republishTimer: ReturnType<typeof setTimeout> | undefined;
  #resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Set while a subscription change that brings a new offer is in flight: Janus cannot take the
   * next change before the previous offer is answered, so further changes wait for the answer.
   */
  #offerWaitTimer: ReturnType<typeof setTimeout> | undefined;
  #isAwaitingOffer = false;
  #retryDelayMs: number = RETRY_MS.initial;
  #requestCount = 0;
  /** Janus is away: no connections until the server says `sfu-restarted` (or signaling comes back). */
  #isSfuAway = false;
  #isClosed = false;
  /** The latest ICE servers (the server refreshes TURN credentials during a long call). */
  #iceServers: IceServer[];

  constructor(options: SfuCallOptions) {
    this.#options = options;
    this.#iceServers = options.iceServers;
    this.#subscriber = this.#createSubscriber();
    options.localMedia?.on('tracksReplaced', ({ kind, track }) => this.#publisher?.replaceTrack(kind, track), {
      signal: this.#teardown.signal,
    });
    options.transform?.on?.(
      'keyframeNeeded',
      ({ senderId }) => {
        const feedId = feedOfParticipant(this.#feeds).get(senderId);
        if (feedId !== undefined) options.sfu.send({ type: 'sfuRequestKeyframe', feedId });
      },
      { signal: this.#teardown.signal },
    );
    options.transform?.on?.('problemsChanged', () => this.#emitStreams(), { signal: this.#teardown.signal });
    options.transform?.on?.(
      'failed',
      () => {
        this.#publisher?.stopSending();
        this.#subscriber.dropAll();
      },
      { signal: this.#teardown.signal },
    );
    this.#publish();
    this.#speakerTimer = setInterval(() => void this.#sampleSpeakers(), SPEAKER_SAMPLE_MS);
  }

  /** False while the media server is away (the call waits for it; nothing is the person's network). */
  get isMediaServerAvailable(): boolean {
    return !this.#isSfuAway;
  }

  /**
   * Not of anyone the call is not encrypted with, nor anyone's once our own encryption failed:
   * a tile kept on an emptied stream would leave the last frame frozen on screen.
   */
  get remoteStreams(): ReadonlyMap<string, MediaStream> {
    if (this.#options.transform?.failure != null) return new Map();
    const failed = new Set(this.#options.transform?.problems?.map((p) => p.participantId));
    const present = new Map<string, MediaStream>();
    for (const [id, stream] of this.#subscriber.streams)
      if (this.#peers.has(id) && !failed.has(id)) present.set(id, stream);
    return present;
  }

  /** The last known active speaker (a participantId, possibly ours), or null. */
  get activeSpeaker(): string | null {
    return this.#speakers.speaker;
  }

  /**
   * The publisher and subscriber connections, keyed `publisher` and `subscriber` (the ids
   * `peerStateChanged` reports them under too), for getStats.
   */
  peerConnections(): ReadonlyMap<string, RTCPeerConnection> {
    const result = new Map<string, RTCPeerConnection>([['subscriber', this.#subscriber.pc]]);
    if (this.#publisher !== null) result.set('publisher', this.#publisher.pc);
    return result;
  }

  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** The tiles the layout shows now; sends `sfuSubscribe` only when that changes what we receive. */
  subscribe(tiles: readonly VisibleTile[]): void {
    this.#tiles = [...tiles];
    this.#sendPlan();
  }

  setPeers(participantIds: readonly string[]): void {
    this.#peers = new Set(participantIds.filter((id) => id !== this.#options.selfId));
    this.#emitStreams();
  }

  handleSfuMessage(message: SfuServerMessage): void {
    if (this.#isClosed) return;
    switch (message.type) {
      case 'sfuAnswer':
        // The answer to an earlier publish (its Janus handle is gone): ours is still to come.
        if (this.#publisher === null || !this.#publisher.isFor(message.ref)) return;
        this.#retryDelayMs = RETRY_MS.initial;
        void this.#publisher.handleAnswer(message.jsep, message.ref);
        return;
      case 'sfuSubscriberOffer':
        this.#retryDelayMs = RETRY_MS.initial;
        this.#subscriber.handleOffer(message.jsep, message.streams);
        return;
      case 'sfuTrickle':
        if (message.target === 'publisher') void this.#publisher?.handleCandidate(message.candidate);
        else this.#subscriber.handleCandidate(message.candidate);
        return;
      case 'sfuFeeds':
        return this.#feedsReceived(message);
      case 'sfuReset':
        // Janus died: one `sfu-unavailable` while it is away, then one `sfu-restarted`. Only the
        // second publishes again, so one restart makes one publish.
        return message.reason === 'sfu-unavailable' ? this.#suspend() : this.#reset();
    }
  }

  /**
   * The server refused a request of ours: Janus away (SFU_UNAVAILABLE) waits for `sfu-restarted`;
   * anything else (Janus busy) is tried again soon. A refusal of an overtaken publish is moot.
   */
  handleSfuRefusal(ref: string, code?: ErrorCode): void {
    if (this.#isClosed) return;
    const isPublish = ref.startsWith('sfu-publish-');
    if (isPublish && this.#publisher?.requestId !== ref) return;
    if (code === 'SFU_UNAVAILABLE') {
      this.#suspend();
      return;
    }
    const delay = this.#retryDelayMs;
    this.#retryDelayMs = Math.min(RETRY_MS.max, delay * 2);
    if (isPublish) {
      clearTimeout(this.#republishTimer);
      this.#republishTimer = setTimeout(() => this.#publish(), delay);
    } else if (ref.startsWith('sfu-subscribe-')) {
      this.#stopAwaitingOffer();
      this.#sentPlan = null;
      clearTimeout(this.#resubscribeTimer);
      this.#resubscribeTimer = setTimeout(() => this.#sendPlan(), delay);
    }
  }

  setIceServers(servers: readonly IceServer[]): void {
    this.#iceServers = [...servers];
    if (this.#publisher !== null) updateIceServers(this.#publisher.pc, servers);
    updateIceServers(this.#subscriber.pc, servers);
  }

  /** After signaling came back: a publish whose answer was lost is redone; the subscription re-sent. */
  resync(): void {
    if (this.#isClosed) return;
    // Janus was away: its `sfu-restarted` may have come while we were not connected.
    if (this.#isSfuAway) return this.#reset();
    if (this.#publisher !== null && !this.#publisher.isAnswered) this.#publish();
    this.#sentPlan = null;
    this.#sendPlan();
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#teardown.abort();
    clearInterval(this.#speakerTimer);
    clearTimeout(this.#republishTimer);
    clearTimeout(this.#resubscribeTimer);
    clearTimeout(this.#offerWaitTimer);
    this.#publisher?.close();
    this.#subscriber.close();
    this.#events.clear();
  }

  #stopAwaitingOffer(): void {
    this.#isAwaitingOffer = false;
    clearTimeout(this.#offerWaitTimer);
  }

  #nextId(kind: 'publish' | 'subscribe' | 'trickle'): string {
    this.#requestCount += 1;
    return `sfu-${kind}-${this.#requestCount}`;
  }

  #feedsReceived(message: ServerMessageOf<'sfuFeeds'>): void {
    this.#feeds = message.feeds;
    this.#subscriber.handleFeedsChanged();
    this.#sendPlan();
  }

  /** Janus restarted: its sessions are gone. New connections, same MediaStreams for the UI. */
  #reset(): void {
    this.#setSfuAway(false);
    this.#renewSubscriber();
    this.#publish();
    this.#emitStreams();
  }

  /**
   * Janus is away: its sessions are gone, and asking again before it is back only makes and
   * drops connections. Stop sending, keep the MediaStreams for the UI, and wait.
   */
  #suspend(): void {
    if (this.#isSfuAway) return;
    clearTimeout(this.#republishTimer);
    clearTimeout(this.#resubscribeTimer);
    this.#publisher?.close();
    this.#publisher = null;
    this.#renewSubscriber();
    this.#setSfuAway(true);
    this.#emitStreams();
  }

  #renewSubscriber(): void {
    const streams = this.#subscriber.detachAll();
    this.#subscriber.close();
    this.#subscriber = this.#createSubscriber();
    this.#subscriber.adoptStreams(streams);
    this.#feeds = [];
    this.#sentPlan = null;
    this.#stopAwaitingOffer();
  }

  #setSfuAway(isAway: boolean): void {
    if (this.#isSfuAway === isAway) return;
    this.#isSfuAway = isAway;
    this.#events.emit('mediaServerChanged', { isAvailable: !isAway });
  }

  #publish(): void {
    clearTimeout(this.#republishTimer);
    this.#publisher?.close();
    this.#publisher = null;
    const media = this.#options.localMedia;
    // Receive-only participants (no devices) publish nothing.
    if (this.#isClosed || !SfuPublisher.hasMedia(media)) return;
    const publisher = new SfuPublisher({
      iceServers: this.#iceServers,
      localMedia: media,
      transform: this.#options.transform ?? null,
      requestId: this.#nextId('publish'),
      sendOffer: (jsep, id) => this.#options.sfu.send({ type: 'sfuPublish', id, jsep }),
      sendCandidate: (candidate) =>
        this.#options.sfu.send({ type: 'sfuTrickle', id: this.#nextId('trickle'), target: 'publisher', candidate }),
    });
    this.#publisher = publisher;
    publisher.on('stateChanged', (state) => {
      this.#events.emit('peerStateChanged', { participantId: 'publisher', state });
      if (state !== 'failed' || publisher !== this.#publisher) return;
      // A failed publisher without a reset from the server: publish again on a fresh connection.
      this.#republishTimer = setTimeout(() => this.#publish(), REPUBLISH_AFTER_FAILURE_MS);
    });
    publisher.publish().catch((error: unknown) => console.warn('SFU publish failed', error));
  }

  #createSubscriber(): SfuSubscriber {
    const subscriber = new SfuSubscriber({
      iceServers: this.#iceServers,
      feeds: () => this.#feeds,
      transform: this.#options.transform ?? null,
      sendAnswer: (jsep) => this.#options.sfu.send({ type: 'sfuSubscriberAnswer', jsep }),
      sendCandidate: (candidate) =>
        this.#options.sfu.send({ type: 'sfuTrickle', id: this.#nextId('trickle'), target: 'subscriber', candidate }),
    });
    subscriber.on('offerHandled', () => {
      if (subscriber !== this.#subscriber) return;
      this.#stopAwaitingOffer();
      this.#sendPlan();
    });
    subscriber.on('streamsChanged', () => this.#emitStreams());
    subscriber.on('stateChanged', (state) => {
      this.#events.emit('peerStateChanged', { participantId: 'subscriber', state });
      // A layer change held back until now (see #sendPlan).
      if (state === 'connected' && subscriber === this.#subscriber) this.#sendPlan();
    });
    return subscriber;
  }

  #sendPlan(): void {
    if (this.#isClosed) return;
    const tiles =
      this.#tiles ?? this.#feeds.map((feed) => ({ participantId: feed.participantId, size: 'small' as const }));
    const plan = planSubscription(this.#feeds, tiles, this.#options.selfId);
    if (this.#isAwaitingOffer || (this.#sentPlan !== null && isSamePlan(plan, this.#sentPlan))) return;
    // Nothing to receive yet and nothing received before: no need to bother the server.
    if (plan.length === 0 && this.#sentPlan === null) return;
    const feeds = plan.map(({ feedId, substream, hasVideo }) => ({ feedId, substream, hasVideo }));
    const bringsOffer = this.#sentPlan === null || streamSetOf(plan) !== streamSetOf(this.#sentPlan);
    // Only layers change: wait until our subscriber connection is up. Janus asks the publishers
    // for a keyframe on every layer switch; one made before it relays to us is lost, and Chromium
    // makes the next only ~300 ms later (the newcomer's first picture waited for it). Once we are
    // connected, Janus's own request for the new subscriber brings the first picture at once.
    if (!bringsOffer && this.#subscriber.pc.connectionState !== 'connected') return;
    if (!this.#options.sfu.send({ type: 'sfuSubscribe', id: this.#nextId('subscribe'), feeds })) return;
    this.#sentPlan = plan;
    if (!bringsOffer) return;
    this.#isAwaitingOffer = true;
    clearTimeout(this.#offerWaitTimer);
    // The server may find nothing to change (feeds it dropped): then no offer comes, and we go on.
    this.#offerWaitTimer = setTimeout(() => {
      this.#isAwaitingOffer = false;
      this.#sendPlan();
    }, OFFER_WAIT_MS);
  }

  async #sampleSpeakers(): Promise<void> {
    if (this.#isClosed) return;
    const levels = new Map<string, number>();
    const owners = this.#subscriber.participantOfMid;
    const stats = await this.#subscriber.pc.getStats().catch(() => null);
    stats?.forEach((report: { type?: string; kind?: string; mid?: string; audioLevel?: number }) => {
      if (report.type !== 'inbound-rtp' || report.kind !== 'audio' || report.mid === undefined) return;
      const owner = owners.get(report.mid);
      if (owner !== undefined && this.#peers.has(owner.participantId)) {
        levels.set(owner.participantId, report.audioLevel ?? 0);
      }
    });
    const own = await this.#publisher?.pc.getStats().catch(() => null);
    own?.forEach((report: { type?: string; kind?: string; audioLevel?: number }) => {
      if (report.type === 'media-source' && report.kind === 'audio' && this.#options.localMedia?.isAudioOn === true) {
        levels.set(this.#options.selfId, report.audioLevel ?? 0);
      }
    });
    if (this.#isClosed) return;
    const changed = this.#speakers.update(levels, performance.now());
    if (changed !== undefined) this.#events.emit('activeSpeakerChanged', changed);
  }

  #emitStreams(): void {
    this.#events.emit('remoteStreamsChanged', this.remoteStreams);
  }
}

/** Which m-lines a plan needs (feeds, and whether each has video): a change here renegotiates. */
function streamSetOf(plan: readonly PlannedFeed[]): string {
  return plan.map((feed) => `${feed.feedId}:${feed.hasVideo ? 'av' : 'a'}`).join(',');
}
