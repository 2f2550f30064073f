import {
  PROTOCOL_VERSION,
  type ParticipantRole,
  type ParticipantView,
  type ServerMessage,
  type ServerMessageOf,
  type SignalData,
} from '@samtale/protocol';
import type { Call, CallFactory } from './call/Call.ts';
import { createDefaultCall } from './call/create-call.ts';
import { Emitter, type ListenerOptions } from './events.ts';
import { CallEncryption } from './session/CallEncryption.ts';
import { errorOutcome } from './session/error-outcome.ts';
import { ResumeTokenStore } from './session/resume-token-store.ts';
import { SignalingClient, type ConnectionState } from './signaling/SignalingClient.ts';
import type {
  ConsultationSessionEvents,
  ConsultationSessionOptions,
  E2eeState,
  PhaseChange,
  SessionPhase,
} from './session/types.ts';

/** Signals kept while signaling is away; beyond this the oldest go (ICE restart repairs). */
const MAX_QUEUED_SIGNALS = 500;
const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();

/**
 * One person in one consultation: joins (or resumes), follows the waiting room and the call, and
 * runs the media part while admitted. Signaling may drop and come back at any time; the call and
 * its peer connections stay up meanwhile (issue 2: media keeps flowing while signaling is away).
 */
export class ConsultationSession {
  readonly #options: ConsultationSessionOptions;
  readonly #signaling: SignalingClient;
  readonly #tokens: ResumeTokenStore;
  readonly #events = new Emitter<ConsultationSessionEvents>();
  readonly #teardown = new AbortController();
  readonly #createCall: CallFactory;
  readonly #encryption: CallEncryption;
  #phase: SessionPhase = 'connecting';
  #participantId: string | null = null;
  #role: ParticipantRole | null = null;
  #displayName: string | null = null;
  #consultationId: string | null = null;
  #participants: ParticipantView[] = [];
  #startedAt: string | null = null;
  #waitingSince: string | null = null;
  #call: Call | null = null;
  #isLocked = false;
  /** True between `welcome` and the socket closing: messages other than join/resume may be sent. */
  #isJoined = false;
  /** Welcomed at least once by this object; a stored token from an earlier page is not. */
  #hasBeenWelcomed = false;
  /** The id of the join/resume in flight: an error echoing it means we could not get in. */
  #entryRequestId: string | null = null;
  #requestCount = 0;
  /** After a resume, the next roster repairs the call (flush queued signals, resync links). */
  #needsResync = false;
  #outbox: Array<{ to: string; data: SignalData }> = [];
  #isStarted = false;
  #isClosed = false;

  constructor(options: ConsultationSessionOptions) {
    this.#options = options;
    this.#tokens = new ResumeTokenStore(options.join, options.resumeTokenStore);
    this.#createCall = options.createCall ?? createDefaultCall;
    // E2EE is always on with the default call factories; with a fake call only when configured.
    const hasE2ee = options.e2ee !== undefined || options.createCall === undefined;
    this.#encryption = new CallEncryption({
      config: hasE2ee ? (options.e2ee ?? {}) : null,
      sendSignal: (to, data) => this.#sendSignal(to, data),
      onChange: () => this.#events.emit('e2eeChanged', this.e2ee),
    });
    this.#signaling = new SignalingClient({
      url: options.url,
      ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
    });
  }

  get phase(): SessionPhase {
    return this.#phase;
  }
  get participantId(): string | null {
    return this.#participantId;
  }
  get role(): ParticipantRole | null {
    return this.#role;
  }
  get displayName(): string | null {
    return this.#displayName;
  }
  get consultationId(): string | null {
    return this.#consultationId;
  }
  get participants(): ParticipantView[] {
    return this.#participants;
  }
  /** When the call started (first admission), from the roster. */
  get startedAt(): string | null {
    return this.#startedAt;
  }
  /** When this person entered the waiting room, while waiting. */
  get waitingSince(): string | null {
    return this.#waitingSince;
  }
  /** Meetings: whether a host locked the meeting (nobody new may enter). */
  get isLocked(): boolean {
    return this.#isLocked;
  }
  get e2ee(): E2eeState {
    return this.#encryption.state;
  }
  /** The participant read the verification code aloud with the others and it matched. */
  confirmVerification(): void {
    this.#encryption.confirmVerification();
  }
  get connectionState(): ConnectionState {
    return this.#signaling.state;
  }
  get remoteStreams(): ReadonlyMap<string, MediaStream> {
    return this.#call?.remoteStreams ?? NO_STREAMS;
  }
  /** The media part while admitted; `call.peerConnections()` gives the RTCPeerConnections for getStats. */
  get call(): Call | null {
    return this.#call;
  }

  on<K extends keyof ConsultationSessionEvents>(
    name: K,
    listener: (payload: ConsultationSessionEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Connects and joins (or resumes with a token kept from earlier in this tab). */
  start(): void {
    if (this.#isStarted || this.#isClosed) return;
    this.#isStarted = true;
    const signal = this.#teardown.signal;
    this.#signaling.on('opened', () => this.#enter(), { signal });
    this.#signaling.on('message', (message) => this.#handle(message), { signal });
    this.#signaling.on(
      'stateChanged',
      (state) => {
        if (state !== 'open') this.#isJoined = false;
        this.#events.emit('connectionStateChanged', state);
      },
      { signal },
    );
    this.#options.localMedia?.on('stateChanged', () => this.setMediaState(), { signal });
    this.#encryption.prepare();
    this.#signaling.connect();
  }

  // ---- host actions; each returns false when signaling is away and nothing was sent ----
  admit(participantId: string): boolean {
    return this.#send({ type: 'admit', participantId });
  }
  decline(participantId: string, reason?: string): boolean {
    return this.#send({ type: 'decline', participantId, ...(reason === undefined ? {} : { reason }) });
  }
  messageWaiting(participantId: string, text: string): boolean {
    return this.#send({ type: 'messageWaiting', participantId, text });
  }
  returnToWaiting(participantId: string): boolean {
    return this.#send({ type: 'returnToWaiting', participantId });
  }
  remove(participantId: string): boolean {
    return this.#send({ type: 'remove', participantId });
  }
  end(): boolean {
    return this.#send({ type: 'end' });
  }
  lock(isLocked: boolean): boolean {
    return this.#send({ type: 'lock', isLocked });
  }

  /** Tells the others whether our microphone and camera are on (also sent on every change). */
  setMediaState(): boolean {
    if (this.#phase !== 'admitted') return false;
    const { isAudioOn = false, isVideoOn = false } = this.#options.localMedia ?? {};
    return this.#send({ type: 'mediaState', isAudioOn, isVideoOn });
  }

  /** Leaves the consultation for good (the server marks us left) and closes. */
  leave(): void {
    if (this.#isClosed) return;
    this.#send({ type: 'leave' });
    this.#tokens.remove();
    this.close();
  }

  /** Closes the call and the connection without telling the server (a reload resumes). Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#teardown.abort();
    this.#closeCall();
    this.#encryption.dispose();
    this.#signaling.close();
    this.#events.clear();
  }

  #enter(): void {
    this.#isJoined = false;
    const id = `entry-${(this.#requestCount += 1)}`;
    this.#entryRequestId = id;
    const token = this.#tokens.get();
    this.#signaling.send(
      token === null
        ? { type: 'join', id, protocolVersion: PROTOCOL_VERSION, as: this.#options.join }
        : { type: 'resume', id, protocolVersion: PROTOCOL_VERSION, resumeToken: token },
    );
  }

  #handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        return this.#welcomed(message);
      case 'waiting':
        this.#closeCall();
        this.#encryption.prepare();
        this.#waitingSince = message.since;
        return this.#setPhase({ phase: 'waiting' });
      case 'admitted':
        return this.#admitted(message);
      case 'roster':
        return this.#rosterReceived(message);
      case 'iceServers':
        return this.#call?.setIceServers?.(message.iceServers);
      case 'signal':
        if (message.data.kind === 'e2eeIdentity' || message.data.kind === 'e2eeSenderKey') {
          this.#encryption.handleSignal(message.from, message.data);
          return;
        }
        this.#call?.handleSignal(message.from, message.data);
        return;
      case 'hostMessage':
        return this.#events.emit('hostMessage', { text: message.text, sentAt: message.sentAt });
      case 'returnedToWaiting':
        this.#closeCall();
        this.#encryption.prepare();
        return this.#setPhase({ phase: 'waiting' });
      case 'declined':
        return this.#finish(
          message.reason === undefined ? { phase: 'declined' } : { phase: 'declined', reason: message.reason },
        );
      case 'removed':
        return this.#finish({ phase: 'removed' });
      case 'ended':
        return this.#finish({ phase: 'ended' });
      case 'superseded':
        return this.#finish({ phase: 'superseded' });
      case 'error':
        return this.#errorReceived(message);
      case 'sfuAnswer':
      case 'sfuSubscriberOffer':
      case 'sfuTrickle':
      case 'sfuFeeds':
      case 'sfuReset':
        this.#call?.handleSfuMessage?.(message);
        return;
      case 'locked':
        this.#isLocked = message.isLocked;
        return this.#events.emit('lockChanged', message.isLocked);
      case 'dashboard':
      case 'pong':
        return;
    }
  }

  #welcomed(message: ServerMessageOf<'welcome'>): void {
    if (this.#participantId !== null && this.#participantId !== message.participantId) {
      // A different participant (a fresh join after the old one was lost): the old call is void.
      this.#closeCall();
    }
    this.#isJoined = true;
    this.#hasBeenWelcomed = true;
    this.#entryRequestId = null;
    this.#participantId = message.participantId;
    this.#role = message.role;
    this.#displayName = message.displayName;
    this.#consultationId = message.consultationId;
    this.#tokens.set(message.resumeToken);
    this.#needsResync = this.#call !== null;
  }

  #admitted(message: ServerMessageOf<'admitted'>): void {
    const selfId = this.#participantId;
    if (selfId === null) return;
    this.#waitingSince = null;
    if (this.#call === null) {
      const consultationId = this.#consultationId;
      const e2ee = consultationId === null ? null : this.#encryption.start(consultationId, selfId);
      const call = this.#createCall({
        selfId,
        isHost: (id) => this.#participants.find((p) => p.id === id)?.role === 'host',
        iceServers: message.iceServers,
        localMedia: this.#options.localMedia,
        sendSignal: (to, data) => this.#sendSignal(to, data),
        ...(message.media === 'sfu' ? { sfu: { send: (sfuMessage) => this.#send(sfuMessage) } } : {}),
        ...(e2ee === null ? {} : { e2ee }),
      });
      call.on('remoteStreamsChanged', (streams) => this.#events.emit('remoteStreamsChanged', streams));
      call.on('peerStateChanged', (change) => this.#events.emit('peerStateChanged', change));
      call.on('activeSpeakerChanged', (id) => this.#events.emit('activeSpeakerChanged', id));
      this.#call = call;
    } else this.#call.setIceServers?.(message.iceServers);
    this.#setPhase({ phase: 'admitted' });
    this.setMediaState();
  }

  #rosterReceived(message: ServerMessageOf<'roster'>): void {
    this.#participants = message.participants;
    this.#startedAt = message.startedAt;
    this.#events.emit('rosterChanged', message.participants);
    const call = this.#call;
    if (call === null) return;
    const peers = message.participants.filter((p) => p.state === 'admitted' && p.id !== this.#participantId);
    this.#encryption.setMembers(peers.map((p) => p.id));
    // Peers whose signaling is away stay: their media may still be flowing.
    call.setPeers(peers.map((p) => p.id));
    const waiting = message.participants.filter((p) => p.state === 'waiting');
    if (this.#role === 'host') call.prepare?.(waiting.map((p) => p.id));
    if (!this.#needsResync) return;
    this.#needsResync = false;
    const present = new Set(peers.map((p) => p.id));
    const queued = this.#outbox;
    this.#outbox = [];
    for (const { to, data } of queued) if (present.has(to)) this.#sendSignal(to, data);
    call.resync();
  }

  #errorReceived(message: ServerMessageOf<'error'>): void {
    const call = this.#call;
    const outcome = errorOutcome(message, {
      hasBeenWelcomed: this.#hasBeenWelcomed,
      entryRequestId: this.#entryRequestId,
      canRetrySfu: call?.handleSfuRefusal !== undefined,
    });
    const error = { code: message.code, message: message.message };
    if (outcome === 'rejoin') {
      this.#tokens.remove();
      this.#enter();
    } else if (outcome === 'fail') this.#finish({ phase: 'failed', error });
    else if (outcome === 'retrySfu' && message.ref !== undefined) call?.handleSfuRefusal?.(message.ref);
    else this.#events.emit('error', error);
  }

  /** A terminal phase: no call, no reconnects, no token to resume with. */
  #finish(change: PhaseChange): void {
    this.#closeCall();
    this.#encryption.dispose();
    this.#tokens.remove();
    this.#setPhase(change);
    this.#signaling.close();
  }

  #sendSignal(to: string, data: SignalData): void {
    const canSendNow = this.#isJoined && !this.#needsResync && this.#phase === 'admitted' && this.#outbox.length === 0;
    if (canSendNow && this.#signaling.send({ type: 'signal', to, data })) return;
    // Signaling is away: keep the signal for after the resume rather than lose an offer.
    this.#outbox.push({ to, data });
    if (this.#outbox.length > MAX_QUEUED_SIGNALS) this.#outbox.shift();
  }

  #send(message: Parameters<SignalingClient['send']>[0]): boolean {
    return this.#isJoined && this.#signaling.send(message);
  }

  #closeCall(): void {
    const call = this.#call;
    if (call === null) return;
    this.#call = null;
    this.#outbox = [];
    this.#needsResync = false;
    call.close();
    this.#encryption.stop();
    this.#events.emit('remoteStreamsChanged', NO_STREAMS);
  }

  #setPhase(change: PhaseChange): void {
    if (this.#phase === change.phase && change.phase !== 'failed') return;
    this.#phase = change.phase;
    this.#events.emit('phaseChanged', change);
  }
}
