/**
 * The SFU side of one admitted participant: one Janus session with a publisher handle
 * (`joinandconfigure` with `e2ee: true`) and a subscriber handle (multistream: one peer
 * connection receiving every feed the participant chose, at a simulcast layer each).
 */
import Janode, { type JanodeJsep, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type JanodeStreamInfo, type VideoRoomHandle } from 'janode/plugins/videoroom';
import type {
  FeedView,
  IceCandidate,
  SessionDescription,
  SfuTarget,
  SubscriberStream,
  Substream,
} from '@samtale/protocol';
import type {
  PublisherMids,
  Published,
  SfuParticipant,
  SfuParticipantEvents,
  SubscriberOffer,
  SubscriptionWish,
} from '../SfuAdapter.ts';
import { TypedEvents } from '../typed-events.ts';

interface TrickleEvent {
  candidate?: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
  completed?: boolean;
}

interface Subscribed {
  substream: Substream;
  hasVideo: boolean;
  mids: PublisherMids;
}

/** The mid of each m-section of kind audio/video in `sdp` (RFC 8843 §3.4 / JSEP `a=mid`). */
function midsOf(sdp: string): PublisherMids {
  const mids: { audio?: string; video?: string } = {};
  for (const section of sdp.split(/^(?=m=)/m)) {
    const kind = /^m=(audio|video) /.exec(section)?.[1];
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    if ((kind === 'audio' || kind === 'video') && mid !== undefined && mids[kind] === undefined) mids[kind] = mid;
  }
  return mids;
}

function toJsep(d: SessionDescription): JanodeJsep {
  if ((d.type !== 'offer' && d.type !== 'answer') || d.sdp === undefined) {
    throw new TypeError('a session description for Janus must be an offer or answer with SDP');
  }
  return { type: d.type, sdp: d.sdp };
}

function fromJsep(j: JanodeJsep | undefined): SessionDescription {
  if (j === undefined) throw new Error('Janus answered without a session description');
  return { type: j.type, sdp: j.sdp };
}

export class JanusParticipant implements SfuParticipant {
  readonly events = new TypedEvents<SfuParticipantEvents>();
  readonly participantId: string;
  readonly #room: number;
  readonly #session: JanodeSession;
  #publisher: VideoRoomHandle | null = null;
  /** The publisher handle has joined the room as a feed (keyframe requests make sense). */
  #isPublished = false;
  #subscriber: VideoRoomHandle | null = null;
  /** Feed number -> what this subscriber receives of it, as Janus has it now. */
  readonly #subscribed = new Map<number, Subscribed>();
  /** Feed number -> the subscriber's video mid (to change a layer without renegotiating). */
  readonly #videoMids = new Map<number, string>();
  /** Every active m-line of the subscriber connection, as Janus last described them. */
  #streams: SubscriberStream[] = [];
  readonly #onClosed: () => void;
  #isClosed = false;

  constructor(participantId: string, room: number, session: JanodeSession, onClosed: () => void) {
    this.participantId = participantId;
    this.#room = room;
    this.#session = session;
    this.#onClosed = onClosed;
  }

  async publish(offer: SessionDescription): Promise<Published> {
    // Publishing again (a failed connection, a lost answer): a fresh handle, so Janus takes a new
    // offer instead of answering "already in as a publisher"; the old feed leaves the room.
    const old = this.#publisher;
    this.#publisher = null;
    this.#isPublished = false;
    if (old !== null) await old.detach().catch(() => undefined);
    const handle = await this.#attach('publisher');
    this.#publisher = handle;
    const sdp = offer.sdp ?? '';
    const result = await handle.joinConfigurePublisher({
      room: this.#room,
      display: this.participantId,
      e2ee: true,
      jsep: toJsep(offer),
    });
    this.#isPublished = true;
    const feed: FeedView = {
      feedId: String(result.feed),
      participantId: this.participantId,
      hasAudio: /^m=audio /m.test(sdp),
      hasVideo: /^m=video /m.test(sdp),
      isSimulcast: /a=simulcast:/.test(sdp) || /a=ssrc-group:SIM/.test(sdp),
    };
    return { feed, mids: midsOf(sdp), answer: fromJsep(result.jsep) };
  }

  async subscribe(feeds: readonly SubscriptionWish[]): Promise<SubscriberOffer | null> {
    const wanted = new Map<number, Subscribed>();
    for (const f of feeds) {
      const mids = f.publisherMids ?? {};
      // Audio only needs both mids of the publisher, to take its video away and back later.
      const isAudioOnly = f.hasVideo === false && mids.audio !== undefined && mids.video !== undefined;
      wanted.set(Number(f.feedId), { substream: f.substream, hasVideo: !isAudioOnly, mids });
    }
    const subscribe: { feed: number; mid?: string; substream?: number }[] = [];
    const unsubscribe: { feed: number; mid?: string }[] = [];
    const layerChanges: { feed: number; substream: Substream }[] = [];
    for (const [feed, w] of wanted) {
      const current = this.#subscribed.get(feed);
      if (current === undefined) {
        subscribe.push(w.hasVideo ? { feed, substream: w.substream } : { feed, mid: w.mids.audio ?? '' });
      } else if (current.hasVideo && !w.hasVideo) {
        unsubscribe.push({ feed, mid: current.mids.video ?? '' });
      } else if (!current.hasVideo && w.hasVideo) {
        subscribe.push({ feed, mid: w.mids.video ?? '', substream: w.substream });
      } else if (w.hasVideo && current.substream !== w.substream) {
        layerChanges.push({ feed, substream: w.substream });
      }
    }
    for (const feed of this.#subscribed.keys()) if (!wanted.has(feed)) unsubscribe.push({ feed });

    let offer: SessionDescription | null = null;
    if (this.#subscriber === null) {
      if (subscribe.length === 0) return null;
      this.#subscriber = await this.#attach('subscriber');
      const joined = await this.#subscriber.joinSubscriber({ room: this.#room, streams: subscribe, autoupdate: false });
      this.#learnMids(joined.streams);
      offer = fromJsep(joined.jsep);
    } else if (subscribe.length > 0 || unsubscribe.length > 0) {
      // Janus refuses an empty list (430 "Empty unsubscription list"): send only the non-empty ones.
      const updated = await this.#subscriber.update({
        ...(subscribe.length > 0 ? { subscribe } : {}),
        ...(unsubscribe.length > 0 ? { unsubscribe } : {}),
      });
      this.#learnMids(updated.streams);
      offer = updated.jsep === undefined ? null : fromJsep(updated.jsep);
    }
    this.#subscribed.clear();
    for (const [feed, w] of wanted) this.#subscribed.set(feed, w);
    const streams = layerChanges.flatMap(({ feed, substream }) => {
      const mid = this.#videoMids.get(feed);
      return mid === undefined ? [] : [{ mid, substream }];
    });
    if (streams.length > 0 && this.#subscriber !== null) await this.#subscriber.configure({ streams });
    return offer === null ? null : { jsep: offer, streams: this.#streams };
  }

  async answerSubscriber(answer: SessionDescription): Promise<void> {
    if (this.#subscriber === null) throw new TypeError('no subscriber offer to answer');
    await this.#subscriber.start({ jsep: toJsep(answer) });
  }

  async trickle(target: SfuTarget, candidate: IceCandidate | null): Promise<void> {
    const handle = target === 'publisher' ? this.#publisher : this.#subscriber;
    if (handle === null) return;
    if (candidate === null) await handle.trickleComplete();
    else {
      await handle.trickle({
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? null,
        sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      });
    }
  }

  async requestKeyframe(): Promise<void> {
    if (this.#publisher === null || !this.#isPublished) return;
    await this.#publisher.configure({ keyframe: true });
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#onClosed();
    // Destroying the session detaches both handles and hangs up their peer connections.
    await this.#session.destroy().catch(() => undefined);
    this.events.removeAll();
  }

  /** Janus lists every stream of the subscription (joined and updated alike), removed ones inactive. */
  #learnMids(streams: JanodeStreamInfo[] | undefined): void {
    if (streams === undefined) return;
    const active: SubscriberStream[] = [];
    this.#videoMids.clear();
    for (const s of streams) {
      if (s.active === false || s.feed_id === undefined || s.mid === undefined) continue;
      if (s.type !== 'audio' && s.type !== 'video') continue;
      active.push({ mid: s.mid, feedId: String(s.feed_id), kind: s.type });
      if (s.type === 'video') this.#videoMids.set(s.feed_id, s.mid);
    }
    this.#streams = active;
  }

  async #attach(target: SfuTarget): Promise<VideoRoomHandle> {
    const handle = await this.#session.attach(VideoRoomPlugin);
    // Events of a handle replaced by a republish are about a connection nobody uses any more.
    const isCurrent = (): boolean =>
      handle === (target === 'publisher' ? this.#publisher : this.#subscriber) && !this.#isClosed;
    handle.on(Janode.EVENT.HANDLE_WEBRTCUP, () => {
      if (isCurrent()) this.events.emit('webrtcUp', { target });
    });
    handle.on(Janode.EVENT.HANDLE_HANGUP, (e: { reason?: string }) => {
      if (isCurrent()) this.events.emit('hangup', { target, reason: e.reason ?? 'hangup' });
    });
    handle.on(Janode.EVENT.HANDLE_TRICKLE, (e: TrickleEvent) => {
      if (!isCurrent()) return;
      if (e.completed === true || e.candidate === undefined) this.events.emit('trickle', { target, candidate: null });
      else {
        this.events.emit('trickle', {
          target,
          candidate: { candidate: e.candidate, sdpMid: e.sdpMid ?? null, sdpMLineIndex: e.sdpMLineIndex ?? null },
        });
      }
    });
    return handle;
  }
}
