import type { IceCandidate, IceServer, SessionDescription, SignalData } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../events.ts';
import type { LocalMedia, MediaKind } from '../media/LocalMedia.ts';
import { E2EE_RTC_CONFIGURATION, type E2eeSession } from '../e2ee/E2eeSession.ts';
import { PREFERRED_CODEC, preferCodec } from './codecs.ts';
import {
  toIceCandidate,
  toRtcIceCandidateInit,
  toRtcIceServer,
  toSessionDescriptionInit,
  updateIceServers,
} from './sfu/rtc-convert.ts';
import { decideOnDescription, iceRestartPlan, isFromNewRemoteSession } from './perfect-negotiation.ts';

export interface PeerLinkOptions {
  remoteId: string;
  /** Our side yields in a glare and waits for the remote's first offer (see isPolitePeer). */
  isPolite: boolean;
  iceServers: IceServer[];
  localMedia: LocalMedia | null;
  sendSignal: (data: SignalData) => void;
  /** Encrypts what we send and decrypts what we get (fail closed); absent only in plain tests. */
  e2ee?: E2eeSession | undefined;
  /**
   * Prepared ahead (a host, for a participant still waiting): the offer is made now, but every
   * signal is kept until `release()` (admission). Nothing reaches the remote side before that.
   */
  isHeld?: boolean;
}

export interface PeerLinkEvents {
  remoteStreamChanged: MediaStream;
  stateChanged: RTCPeerConnectionState;
  /**
   * The remote side started over with a new RTCPeerConnection (a page reload), so their
   * descriptions no longer fit ours. The owner replaces this link and hands the new one `replay`.
   */
  resetNeeded: { replay: SignalData | null };
}

const KINDS: readonly MediaKind[] = ['audio', 'video'];
/** A `disconnected` connection this long is restarted (it often heals in a second or two). */
const DISCONNECTED_GRACE_MS = 5_000;
/** While still unhealthy, restart again this often: the restart offer may have been lost. */
const RESTART_RETRY_MS = 10_000;

/**
 * One RTCPeerConnection to one remote participant, negotiated with the perfect-negotiation
 * pattern through one queue: every negotiation step (our offer, their description, their
 * candidate) runs to completion before the next starts, in arrival order.
 *
 * m-lines: the impolite side creates one audio and one video transceiver (`sendrecv`, or
 * `recvonly` without a device) and offers first; the polite side adopts the transceivers the
 * offer creates and attaches its tracks to them. So a pair has exactly two m-lines, a device
 * switch is a replaceTrack, and the first offer never collides.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly remoteId: string;
  readonly isPolite: boolean;
  /** Tracks received from the remote participant (one per kind). */
  readonly remoteStream = new MediaStream();
  readonly #localMedia: LocalMedia | null;
  readonly #sendSignal: (data: SignalData) => void;
  readonly #e2ee: E2eeSession | undefined;
  readonly #events = new Emitter<PeerLinkEvents>();
  readonly #transceivers = new Map<MediaKind, RTCRtpTransceiver>();
  readonly #teardown = new AbortController();
  #queue: Promise<void> = Promise.resolve();
  #isMakingOffer = false;
  #isSettingRemoteAnswerPending = false;
  #isIgnoringOffer = false;
  #isClosed = false;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** Signals kept while held; null once released (or never held). */
  #held: SignalData[] | null;

  constructor(options: PeerLinkOptions) {
    this.#held = options.isHeld === true ? [] : null;
    this.remoteId = options.remoteId;
    this.isPolite = options.isPolite;
    this.#localMedia = options.localMedia;
    this.#sendSignal = options.sendSignal;
    this.#e2ee = options.e2ee;
    // With E2EE, Chromium holds every frame until its transform is attached (no plaintext leak).
    const configuration: RTCConfiguration & { encodedInsertableStreams?: boolean } = {
      iceServers: options.iceServers.map(toRtcIceServer),
      ...(options.e2ee === undefined ? {} : E2EE_RTC_CONFIGURATION),
    };
    this.pc = new RTCPeerConnection(configuration);
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      this.#send({ kind: 'candidate', candidate: candidate === null ? null : toIceCandidate(candidate) });
    });
    this.pc.addEventListener('track', ({ track, transceiver }) => {
      const kind = track.kind === 'audio' ? 'audio' : 'video';
      // Fail closed: a track whose frames cannot be decrypted here is never shown or played, and
      // we stop receiving it (what the others' browsers would send us is ciphertext).
      if (this.#canDecrypt(transceiver.receiver, kind)) this.#addRemoteTrack(track);
      else transceiver.direction = 'inactive';
    });
    options.e2ee?.on('failed', () => this.#stopMedia(), { signal: this.#teardown.signal });
    this.pc.addEventListener('negotiationneeded', () => this.#enqueue(() => this.#makeOffer()));
    this.pc.addEventListener('connectionstatechange', () => this.#connectionStateChanged());
    if (!this.isPolite) {
      for (const kind of KINDS) this.#createTransceiver(kind);
    }
  }

  on<K extends keyof PeerLinkEvents>(
    name: K,
    listener: (payload: PeerLinkEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** A signal from the remote participant; handled in order after any earlier step. */
  handleSignal(data: SignalData): void {
    // Key-exchange signals (e2ee*) belong to the encryption layer, not to negotiation.
    if (data.kind === 'description') this.#enqueue(() => this.#handleDescription(data.description));
    else if (data.kind === 'candidate') this.#enqueue(() => this.#handleCandidate(data.candidate));
  }

  /** Sends `track` (or nothing) on our sender of `kind`; no renegotiation unless direction changes. */
  replaceLocalTrack(kind: MediaKind, wanted: MediaStreamTrack | null): void {
    let track = wanted;
    const transceiver = this.#transceivers.get(kind);
    // The polite side before the first offer has no transceivers yet; it adopts the current track then.
    if (transceiver === undefined || this.#isClosed) return;
    track = this.#encryptable(transceiver.sender, kind, track);
    transceiver.sender.replaceTrack(track).catch((error: unknown) => console.warn('replaceTrack failed', error));
    const direction = this.#directionFor(track);
    // A changed direction fires negotiationneeded, which the queue turns into an offer.
    if (transceiver.direction !== direction) transceiver.direction = direction;
  }

  /** Repairs after signaling was away: re-sends an unanswered offer, restarts a broken connection. */
  resync(): void {
    this.#enqueue(async () => {
      if (this.pc.signalingState === 'have-local-offer') this.#sendLocalDescription();
      const state = this.pc.connectionState;
      if (!this.isPolite && (state === 'failed' || state === 'disconnected')) this.pc.restartIce();
    });
  }

  /** True while prepared ahead and not yet released: nothing has been sent. */
  get isHeld(): boolean {
    return this.#held !== null;
  }

  /** The remote participant was admitted: sends what was kept (our offer and candidates), in order. */
  release(): void {
    const held = this.#held;
    if (held === null) return;
    this.#held = null;
    for (const data of held) this.#send(data);
  }

  /** Fresh ICE servers (TURN credential) for later gathering, e.g. an ICE restart. */
  setIceServers(servers: readonly IceServer[]): void {
    updateIceServers(this.pc, servers);
  }

  /** Closes the peer connection; idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#teardown.abort();
    clearTimeout(this.#restartTimer);
    this.pc.close();
    this.#events.emit('stateChanged', 'closed');
    this.#events.clear();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(async () => {
        if (!this.#isClosed) await step();
      })
      .catch((error: unknown) => {
        if (!this.#isClosed) console.warn(`negotiation with ${this.remoteId} failed a step`, error);
      });
  }

  async #makeOffer(): Promise<void> {
    // negotiationneeded fires again once the connection is back to stable, so nothing is lost.
    if (this.pc.signalingState !== 'stable') return;
    this.#isMakingOffer = true;
    try {
      await this.pc.setLocalDescription();
      this.#sendLocalDescription();
    } finally {
      this.#isMakingOffer = false;
    }
  }

  async #handleDescription(description: SessionDescription): Promise<void> {
    const decision = decideOnDescription({
      descriptionType: description.type,
      isPolite: this.isPolite,
      isMakingOffer: this.#isMakingOffer,
      isSettingRemoteAnswerPending: this.#isSettingRemoteAnswerPending,
      signalingState: this.pc.signalingState,
    });
    if (decision.action === 'ignore') {
      if (decision.reason === 'glare') this.#isIgnoringOffer = true;
      return;
    }
    if (description.type === 'offer') this.#isIgnoringOffer = false;
    const previous = this.pc.currentRemoteDescription;
    if (isFromNewRemoteSession(previous?.sdp, description.sdp)) {
      this.#startOver(description);
      return;
    }
    const hadSession = previous !== null;
    this.#isSettingRemoteAnswerPending = description.type === 'answer';
    try {
      await this.pc.setRemoteDescription(toSessionDescriptionInit(description));
    } catch (error) {
      if (!hadSession) throw error;
      console.warn(`${this.remoteId} sent a description that does not fit; starting over`, error);
      this.#startOver(description);
      return;
    } finally {
      this.#isSettingRemoteAnswerPending = false;
    }
    if (description.type !== 'offer') return;
    this.#adoptTransceivers();
    await this.pc.setLocalDescription();
    this.#sendLocalDescription();
  }

  /** Asks the owner for a fresh link; an offer is handed to it, an answer is void (it will offer anew). */
  #startOver(description: SessionDescription): void {
    this.#events.emit('resetNeeded', {
      replay: description.type === 'offer' ? { kind: 'description', description } : null,
    });
  }

  async #handleCandidate(candidate: IceCandidate | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate === null ? undefined : toRtcIceCandidateInit(candidate));
    } catch (error) {
      // Candidates of an offer we ignored in a glare cannot be added; that is expected.
      if (!this.#isIgnoringOffer) throw error;
    }
  }

  #createTransceiver(kind: MediaKind): void {
    if (this.#e2ee === undefined) {
      const track = this.#localMedia?.trackOf(kind) ?? null;
      const transceiver = this.pc.addTransceiver(track ?? kind, {
        direction: track === null ? 'recvonly' : 'sendrecv',
      });
      preferCodecs(transceiver, kind);
      this.#transceivers.set(kind, transceiver);
      return;
    }
    // Transforms first, then the track: no frame may leave before encryption is in place.
    const wanted = this.#localMedia?.trackOf(kind) ?? null;
    const transceiver = this.pc.addTransceiver(kind, { direction: wanted === null ? 'recvonly' : 'sendrecv' });
    this.#canDecrypt(transceiver.receiver, kind);
    const track = this.#encryptable(transceiver.sender, kind, wanted);
    if (track !== null) {
      transceiver.sender.replaceTrack(track).catch((error: unknown) => console.warn('replaceTrack failed', error));
    }
    transceiver.direction = this.#directionFor(track);
    preferCodecs(transceiver, kind);
    this.#transceivers.set(kind, transceiver);
  }

  /** Attaches the decrypting transform; false when impossible (the track must then not be used). */
  #canDecrypt(receiver: RTCRtpReceiver, kind: MediaKind): boolean {
    return this.#e2ee === undefined || this.#e2ee.attachReceiver(receiver, kind, this.remoteId);
  }

  /** Send what we can encrypt; receive only while we can decrypt (after a failure: nothing). */
  #directionFor(track: MediaStreamTrack | null): RTCRtpTransceiverDirection {
    if (this.#e2ee?.failure != null) return 'inactive';
    return track === null ? 'recvonly' : 'sendrecv';
  }

  /**
   * Our encryption failed mid-call: drop every remote track (its frames no longer decrypt) and
   * stop both directions, so the other side stops sending us ciphertext. Renegotiates by itself.
   */
  #stopMedia(): void {
    if (this.#isClosed) return;
    for (const track of this.remoteStream.getTracks()) this.remoteStream.removeTrack(track);
    for (const transceiver of this.#transceivers.values()) {
      transceiver.sender.replaceTrack(null).catch((error: unknown) => console.warn('replaceTrack failed', error));
      if (transceiver.direction !== 'inactive') transceiver.direction = 'inactive';
    }
    this.#events.emit('remoteStreamChanged', this.remoteStream);
  }

  /** `track` when it can be sent encrypted (or E2EE is off in a test), else null: fail closed. */
  #encryptable(sender: RTCRtpSender, kind: MediaKind, track: MediaStreamTrack | null): MediaStreamTrack | null {
    if (track === null || this.#e2ee === undefined) return track;
    return this.#e2ee.attachSender(sender, kind) ? track : null;
  }

  /** Polite side: take the transceivers the remote offer created and send our tracks on them. */
  #adoptTransceivers(): void {
    for (const kind of KINDS) {
      if (this.#transceivers.has(kind)) continue;
      const transceiver = this.pc
        .getTransceivers()
        .find((t) => t.mid !== null && t.currentDirection !== 'stopped' && t.receiver.track.kind === kind);
      if (transceiver === undefined) continue;
      this.#transceivers.set(kind, transceiver);
      this.#canDecrypt(transceiver.receiver, kind);
      const track = this.#encryptable(transceiver.sender, kind, this.#localMedia?.trackOf(kind) ?? null);
      // Not awaited: the answer needs only the direction, and waiting for each track swap held it
      // up by a thread round trip per kind (the transform is attached already, so nothing leaves
      // unencrypted).
      transceiver.sender.replaceTrack(track).catch((error: unknown) => console.warn('replaceTrack failed', error));
      transceiver.direction = this.#directionFor(track);
      preferCodecs(transceiver, kind);
    }
  }

  #addRemoteTrack(track: MediaStreamTrack): void {
    for (const old of this.remoteStream.getTracks()) {
      if (old.kind === track.kind && old !== track) this.remoteStream.removeTrack(old);
    }
    if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
    this.#events.emit('remoteStreamChanged', this.remoteStream);
  }

  #connectionStateChanged(): void {
    const state = this.pc.connectionState;
    this.#events.emit('stateChanged', state);
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const plan = iceRestartPlan(state, this.isPolite);
    if (plan === 'restart-now') this.#restartIceWhileUnhealthy();
    else if (plan === 'restart-if-still-disconnected') {
      this.#restartTimer = setTimeout(() => this.#restartIceWhileUnhealthy(), DISCONNECTED_GRACE_MS);
    }
  }

  #restartIceWhileUnhealthy(): void {
    const state = this.pc.connectionState;
    if (this.#isClosed || (state !== 'failed' && state !== 'disconnected')) return;
    this.pc.restartIce();
    this.#restartTimer = setTimeout(() => this.#restartIceWhileUnhealthy(), RESTART_RETRY_MS);
  }

  #sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (local === null) return;
    this.#send({ kind: 'description', description: { type: local.type, sdp: local.sdp } });
  }

  #send(data: SignalData): void {
    if (this.#isClosed) return;
    if (this.#held !== null) this.#held.push(data);
    else this.#sendSignal(data);
  }
}

/** Puts the codec the SFrame layer expects first (see codecs.ts); skipped where unsupported. */
function preferCodecs(transceiver: RTCRtpTransceiver, kind: MediaKind): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const capabilities = RTCRtpReceiver.getCapabilities(kind);
  if (capabilities === null) return;
  try {
    transceiver.setCodecPreferences(preferCodec(capabilities.codecs, PREFERRED_CODEC[kind]));
  } catch (error) {
    console.warn(`could not prefer ${PREFERRED_CODEC[kind]}`, error);
  }
}
