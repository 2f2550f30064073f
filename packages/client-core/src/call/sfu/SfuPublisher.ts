import type { IceCandidate, IceServer, SessionDescription } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../../events.ts';
import type { LocalMedia, MediaKind } from '../../media/LocalMedia.ts';
import type { SfuMediaTransform } from './media-transform.ts';
import {
  pinCodec,
  toIceCandidate,
  toRtcIceCandidateInit,
  toRtcIceServer,
  toSessionDescription,
  toSessionDescriptionInit,
} from './rtc-convert.ts';

/**
 * Three VP8 simulcast layers, high to low as janus.js sends them (Janus maps rids to substreams
 * 2, 1, 0). Bitrates keep a 9-tile grid of low layers within a phone's downlink.
 */
export const SIMULCAST_ENCODINGS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'h', active: true, maxBitrate: 900_000 },
  { rid: 'm', active: true, maxBitrate: 300_000, scaleResolutionDownBy: 2 },
  { rid: 'l', active: true, maxBitrate: 100_000, scaleResolutionDownBy: 4 },
];

export interface SfuPublisherOptions {
  iceServers: IceServer[];
  localMedia: LocalMedia;
  transform: SfuMediaTransform | null;
  /** The id our `sfuPublish` carries; the server's answer names it as `ref`. */
  requestId: string;
  sendOffer: (jsep: SessionDescription, requestId: string) => boolean;
  sendCandidate: (candidate: IceCandidate | null) => boolean;
}

export interface SfuPublisherEvents {
  stateChanged: RTCPeerConnectionState;
}

/**
 * Our media towards the SFU: one sendonly RTCPeerConnection (Opus + VP8 simulcast), offered by
 * us and answered by Janus through the server. One negotiation, so no queue beyond a promise chain.
 */
export class SfuPublisher {
  readonly pc: RTCPeerConnection;
  readonly #options: SfuPublisherOptions;
  readonly #events = new Emitter<SfuPublisherEvents>();
  readonly #senders = new Map<MediaKind, RTCRtpSender>();
  /** Senders whose encrypting transform is attached (or no E2EE in a test): only they get tracks. */
  readonly #encrypted = new Set<MediaKind>();
  readonly #pendingCandidates: IceCandidate[] = [];
  #isAnswered = false;
  #isClosed = false;

  constructor(options: SfuPublisherOptions) {
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
    this.pc.addEventListener('connectionstatechange', () => this.#events.emit('stateChanged', this.pc.connectionState));
  }

  /** True when we have something to publish (a microphone or a camera track). */
  static hasMedia(localMedia: LocalMedia | null): localMedia is LocalMedia {
    return localMedia !== null && (localMedia.audioTrack !== null || localMedia.videoTrack !== null);
  }

  get isAnswered(): boolean {
    return this.#isAnswered;
  }

  on<K extends keyof SfuPublisherEvents>(
    name: K,
    listener: (payload: SfuPublisherEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Adds the tracks and sends the offer; the answer comes back through `handleAnswer`. */
  async publish(): Promise<void> {
    const media = this.#options.localMedia;
    const audio = media.audioTrack;
    const video = media.videoTrack;
    if (audio !== null) this.#addSender('audio', audio, {});
    if (video !== null) this.#addSender('video', video, { sendEncodings: [...SIMULCAST_ENCODINGS] });
    const offer = await this.pc.createOffer();
    if (this.#isClosed) return;
    await this.pc.setLocalDescription(offer);
    if (this.#isClosed || this.pc.localDescription === null) return;
    this.#options.sendOffer(toSessionDescription(this.pc.localDescription), this.#options.requestId);
  }

  /** The id of this publisher's `sfuPublish`. */
  get requestId(): string {
    return this.#options.requestId;
  }

  /**
   * Whether an `sfuAnswer` (or a refusal) naming `ref` is for this publisher's offer. An answer to
   * an earlier publish is for a Janus handle that is gone: taking it would leave ICE to fail.
   * A server that names no request (`ref` absent) answers in order, so that one is ours.
   */
  isFor(ref: string | undefined): boolean {
    return ref === undefined || ref === this.#options.requestId;
  }

  /** Janus's answer (`sfuAnswer`) to our offer; `ref` is the request it names. */
  async handleAnswer(jsep: SessionDescription, ref?: string): Promise<void> {
    if (this.#isClosed || !this.isFor(ref) || this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription(toSessionDescriptionInit(jsep));
    this.#isAnswered = true;
    for (const candidate of this.#pendingCandidates.splice(0)) await this.#addCandidate(candidate);
  }

  /** A candidate of Janus for this connection (`sfuTrickle` target publisher). */
  async handleCandidate(candidate: IceCandidate | null): Promise<void> {
    if (this.#isClosed) return;
    if (!this.#isAnswered) {
      if (candidate !== null) this.#pendingCandidates.push(candidate);
      return;
    }
    await this.#addCandidate(candidate);
  }

  /** A device switch: the sender of `kind` sends the new track without renegotiation. */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack | null): void {
    const sender = this.#senders.get(kind);
    if (sender === undefined || this.#isClosed) return;
    sender
      .replaceTrack(this.#encrypted.has(kind) ? track : null)
      .catch((error: unknown) => console.warn('replaceTrack failed', error));
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.pc.close();
    this.#events.clear();
  }

  /** Our encryption failed mid-call: send nothing more (the transforms are gone with the worker). */
  stopSending(): void {
    this.#encrypted.clear();
    for (const kind of this.#senders.keys()) this.replaceTrack(kind, null);
  }

  /**
   * The transform first, then the track (E2EE.md "Frames before the transform"): a sender that
   * cannot encrypt never gets one — in a browser without Chromium's held frames (Firefox,
   * Safari) its frames would otherwise leave in clear.
   */
  #addSender(kind: MediaKind, track: MediaStreamTrack, init: RTCRtpTransceiverInit): void {
    const transceiver = this.pc.addTransceiver(kind, {
      ...init,
      direction: 'sendonly',
      streams: [this.#options.localMedia.stream],
    });
    pinCodec(transceiver, kind);
    this.#senders.set(kind, transceiver.sender);
    const transform = this.#options.transform;
    if (transform === null || transform.attachSender(transceiver.sender, kind)) this.#encrypted.add(kind);
    this.replaceTrack(kind, track);
  }

  async #addCandidate(candidate: IceCandidate | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate === null ? undefined : toRtcIceCandidateInit(candidate));
    } catch (error) {
      console.warn('SFU publisher candidate rejected', error);
    }
  }
}
