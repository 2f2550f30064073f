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
import type { SfuParticipant, SfuParticipantEvents, SubscriberOffer } from './SfuAdapter.ts';
import { TypedEvents } from './typed-events.ts';

interface TrickleEvent {
  candidate?: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
  completed?: boolean;
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
  #subscriber: VideoRoomHandle | null = null;
  #feed: FeedView | null = null;
  /** Feed number -> chosen layer, as Janus has it now. */
  readonly #subscribed = new Map<number, Substream>();
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

  get feed(): FeedView | null {
    return this.#feed;
  }

  async publish(offer: SessionDescription): Promise<{ feedId: string; answer: SessionDescription }> {
    // Publishing again (a failed connection, a lost answer): a fresh handle, so Janus takes a new
    // offer instead of answering "already in as a publisher"; the old feed leaves the room.
    const old = this.#publisher;
    this.#publisher = null;
    this.#feed = null;
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
    const feedId = String(result.feed);
    this.#feed = {
      feedId,
      participantId: this.participantId,
      hasAudio: /^m=audio /m.test(sdp),
      hasVideo: /^m=video /m.test(sdp),
      isSimulcast: /a=simulcast:/.test(sdp) || /a=ssrc-group:SIM/.test(sdp),
    };
    return { feedId, answer: fromJsep(result.jsep) };
  }

  async subscribe(feeds: readonly { feedId: string; substream: Substream }[]): Promise<SubscriberOffer | null> {
    const wanted = new Map<number, Substream>();
    for (const f of feeds) wanted.set(Number(f.feedId), f.substream);
    const added = [...wanted].filter(([feed]) => !this.#subscribed.has(feed));
    const removed = [...this.#subscribed.keys()].filter((feed) => !wanted.has(feed));
    const relayered = [...wanted].filter(([feed, s]) => this.#subscribed.has(feed) && this.#subscribed.get(feed) !== s);

    let offer: SessionDescription | null = null;
    if (this.#subscriber === null) {
      if (added.length === 0) return null;
      this.#subscriber = await this.#attach('subscriber');
      const joined = await this.#subscriber.joinSubscriber({
        room: this.#room,
        streams: added.map(([feed, substream]) => ({ feed, substream })),
        autoupdate: false,
      });
      this.#learnMids(joined.streams);
      offer = fromJsep(joined.jsep);
    } else if (added.length > 0 || removed.length > 0) {
      const updated = await this.#subscriber.update({
        subscribe: added.map(([feed, substream]) => ({ feed, substream })),
        unsubscribe: removed.map((feed) => ({ feed })),
      });
      this.#learnMids(updated.streams);
      offer = updated.jsep === undefined ? null : fromJsep(updated.jsep);
    }
    for (const feed of removed) {
      this.#subscribed.delete(feed);
      this.#videoMids.delete(feed);
    }
    for (const [feed, substream] of added) this.#subscribed.set(feed, substream);
    const layerChanges = relayered.flatMap(([feed, substream]) => {
      const mid = this.#videoMids.get(feed);
      this.#subscribed.set(feed, substream);
      return mid === undefined ? [] : [{ mid, substream }];
    });
    if (layerChanges.length > 0 && this.#subscriber !== null) {
      await this.#subscriber.configure({ streams: layerChanges });
    }
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
    if (this.#publisher === null || this.#feed === null) return;
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
