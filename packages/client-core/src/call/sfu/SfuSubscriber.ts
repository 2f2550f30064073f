import type { FeedView, IceCandidate, IceServer, SessionDescription, SubscriberStream } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../../events.ts';
import type { MediaKind } from '../../media/LocalMedia.ts';
import { participantsByMid } from './feed-map.ts';
import type { SfuMediaTransform } from './media-transform.ts';
import {
  toIceCandidate,
  toRtcIceCandidateInit,
  toRtcIceServer,
  toSessionDescription,
  toSessionDescriptionInit,
} from './rtc-convert.ts';

export interface SfuSubscriberOptions {
  iceServers: IceServer[];
  /** The room's feeds (SfuCall holds them): they name the participant behind each m-line. */
  feeds: () => readonly FeedView[];
  transform: SfuMediaTransform | null;
  sendAnswer: (jsep: SessionDescription) => boolean;
  sendCandidate: (candidate: IceCandidate | null) => boolean;
}

export interface SfuSubscriberEvents {
  /** The streams per participant changed (a track came or went). */
  streamsChanged: ReadonlyMap<string, MediaStream>;
  stateChanged: RTCPeerConnectionState;
  /** An offer was answered (or failed): the owner may ask for the next change. */
  offerHandled: undefined;
}

/**
 * Everyone else's media from the SFU: one recvonly RTCPeerConnection whose offers come from Janus
 * (through the server) each time the subscription changes. Steps run one at a time through a
 * queue. One MediaStream per participant stays the same object across renegotiations and
 * republishes, so a <video> showing it never has to be re-attached.
 */
export class SfuSubscriber {
  readonly pc: RTCPeerConnection;
  readonly #options: SfuSubscriberOptions;
  readonly #events = new Emitter<SfuSubscriberEvents>();
  readonly #streams = new Map<string, MediaStream>();
  /** Receivers handed to the E2EE layer (once each: a transform can be set only once). */
  readonly #attached = new WeakSet<RTCRtpReceiver>();
  /** Receivers whose transform could not be attached: their tracks are never shown or played. */
  readonly #undecryptable = new WeakSet<RTCRtpReceiver>();
  #streamsByMid: readonly SubscriberStream[] = [];
  #queue: Promise<void> = Promise.resolve();
  #isClosed = false;

  constructor(options: SfuSubscriberOptions) {
    this.#options = options;
    const config: RTCConfiguration & { encodedInsertableStreams?: boolean } = {
      iceServers: options.iceServers.map(toRtcIceServer),
      bundlePolicy: 'max-bundle',
    };
    if (options.transform !== null) config.encodedInsertableStreams = true;
    this.pc = new RTCPeerConnection(config);
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (!this.#isClosed) options.sendCandidate(candidate === null ? null : toIceCandidate(candidate));
    });
    this.pc.addEventListener('track', ({ transceiver }) => this.#attach(transceiver));
    this.pc.addEventListener('connectionstatechange', () => this.#events.emit('stateChanged', this.pc.connectionState));
  }

  get streams(): ReadonlyMap<string, MediaStream> {
    return this.#streams;
  }

  /** Which participant each active m-line carries (for stats: audio levels, frames decoded). */
  get participantOfMid(): ReadonlyMap<string, { participantId: string; kind: MediaKind }> {
    return participantsByMid(this.#streamsByMid, this.#options.feeds());
  }

  on<K extends keyof SfuSubscriberEvents>(
    name: K,
    listener: (payload: SfuSubscriberEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** An `sfuSubscriberOffer`: answer it and re-map tracks to participants. */
  handleOffer(jsep: SessionDescription, streams: readonly SubscriberStream[] | undefined): void {
    this.#enqueue(async () => {
      try {
        await this.#answer(jsep, streams);
      } finally {
        this.#events.emit('offerHandled', undefined);
      }
    });
  }

  async #answer(jsep: SessionDescription, streams: readonly SubscriberStream[] | undefined): Promise<void> {
    // Known before the tracks fire, so each receiver is handed to the E2EE layer with its sender.
    if (streams !== undefined) this.#streamsByMid = streams;
    await this.pc.setRemoteDescription(toSessionDescriptionInit(jsep));
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    if (this.pc.localDescription !== null) this.#options.sendAnswer(toSessionDescription(this.pc.localDescription));
    this.#remap();
  }

  handleCandidate(candidate: IceCandidate | null): void {
    this.#enqueue(async () => {
      // A candidate before the first offer cannot be added; Janus sends its own after the offer.
      if (this.pc.remoteDescription === null) return;
      await this.pc.addIceCandidate(candidate === null ? undefined : toRtcIceCandidateInit(candidate));
    });
  }

  /** The room's feeds changed: the names behind the m-lines may have too. */
  handleFeedsChanged(): void {
    this.#enqueue(() => Promise.resolve(this.#remap()));
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.pc.close();
    this.#events.clear();
  }

  /** Removes every track (the connection is being replaced); the stream objects stay. */
  detachAll(): ReadonlyMap<string, MediaStream> {
    for (const stream of this.#streams.values()) for (const track of stream.getTracks()) stream.removeTrack(track);
    return this.#streams;
  }

  /** Reuse streams of an earlier subscriber, so tiles keep their <video> across a reset. */
  adoptStreams(streams: ReadonlyMap<string, MediaStream>): void {
    for (const [id, stream] of streams) this.#streams.set(id, stream);
  }

  /** Hands a receiver to the E2EE layer once, as soon as we know whose media it carries. */
  #attach(transceiver: RTCRtpTransceiver): void {
    const receiver = transceiver.receiver;
    const mid = transceiver.mid;
    const owner = mid === null ? undefined : this.participantOfMid.get(mid);
    if (owner === undefined) return;
    // Janus may reuse this m-line for someone else's feed (a tile changed, someone left). An
    // encoded transform can be set only once, and needs not change: the worker decrypts each
    // frame by its SFrame KID with whichever participant's key that is (FrameCryptor).
    if (this.#attached.has(receiver)) return;
    this.#attached.add(receiver);
    const transform = this.#options.transform;
    if (transform === null || transform.attachReceiver(receiver, owner.kind, owner.participantId)) return;
    // Fail closed: ciphertext must reach no decoder. Answered inactive, Janus sends nothing here.
    this.#undecryptable.add(receiver);
    if (transceiver.currentDirection !== 'stopped') transceiver.direction = 'inactive';
  }

  /** Our encryption failed for good: every track goes (its frames no longer decrypt). */
  dropAll(): void {
    if (this.#isClosed) return;
    for (const transceiver of this.pc.getTransceivers()) this.#undecryptable.add(transceiver.receiver);
    this.#remap();
  }

  /** Puts every live receiver's track into its participant's stream, and nothing else. */
  #remap(): void {
    if (this.#isClosed) return;
    const owners = this.participantOfMid;
    const wanted = new Map<string, MediaStreamTrack[]>();
    for (const transceiver of this.pc.getTransceivers()) {
      const mid = transceiver.mid;
      const owner = mid === null ? undefined : owners.get(mid);
      const direction = transceiver.currentDirection;
      if (owner === undefined || (direction !== 'recvonly' && direction !== 'sendrecv')) continue;
      this.#attach(transceiver);
      if (this.#undecryptable.has(transceiver.receiver) || this.#options.transform?.failure != null) continue;
      const list = wanted.get(owner.participantId) ?? [];
      list.push(transceiver.receiver.track);
      wanted.set(owner.participantId, list);
    }
    let isChanged = false;
    for (const [id, stream] of this.#streams) {
      const tracks = wanted.get(id) ?? [];
      for (const track of stream.getTracks()) {
        if (tracks.includes(track)) continue;
        stream.removeTrack(track);
        isChanged = true;
      }
      if (!wanted.has(id) && stream.getTracks().length === 0) {
        this.#streams.delete(id);
        isChanged = true;
      }
    }
    for (const [id, tracks] of wanted) {
      let stream = this.#streams.get(id);
      if (stream === undefined) {
        stream = new MediaStream();
        this.#streams.set(id, stream);
        isChanged = true;
      }
      for (const track of tracks) {
        if (stream.getTracks().includes(track)) continue;
        // One track per kind: a fresh m-line for the same person replaces the old one.
        for (const old of stream.getTracks()) if (old.kind === track.kind) stream.removeTrack(old);
        stream.addTrack(track);
        isChanged = true;
      }
    }
    if (isChanged) this.#events.emit('streamsChanged', this.#streams);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(async () => {
        if (!this.#isClosed) await step();
      })
      .catch((error: unknown) => {
        if (!this.#isClosed) console.warn('SFU subscriber step failed', error);
      });
  }
}
