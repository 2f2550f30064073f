import {
  ERROR_CATALOGUE,
  type ClientMessage,
  type ConsentTextRef,
  type ParticipantRole,
  type ParticipantView,
  type ServerMessage,
  type ServerMessageOf,
} from '@samtale/protocol';
import type { Call } from '../call/Call.ts';
import { createDefaultCall } from '../call/create-call.ts';
import { canEncryptCalls } from '../media/encryption-support.ts';
import { Emitter, type ListenerOptions } from '../events.ts';
import { SignalingClient, type ConnectionState } from '../signaling/SignalingClient.ts';
import { Admission } from './Admission.ts';
import { CallEncryption } from './CallEncryption.ts';
import { MediaPlane, type MediaPlan } from './MediaPlane.ts';
import { ResumeTokenStore } from './resume-token-store.ts';
import { Roster } from './Roster.ts';
import { SignalOutbox } from './SignalOutbox.ts';
import type { CallSessionEvents, CallSessionOptions, E2eeState, PhaseChange, SessionPhase } from './types.ts';

/**
 * One person in one consultation or meeting: joins (or resumes), follows the waiting room and
 * the call, and runs the media while admitted. Signaling may drop and come back at any time; the
 * call and its peer connections stay up meanwhile (issue 2: media keeps flowing while signaling
 * is away). The work is done by its parts: Admission (entry and phase), Roster, SignalOutbox
 * (queued signals and resync), MediaPlane (the call, mesh or SFU) and CallEncryption (E2EE).
 */
export class CallSession {
  readonly #options: CallSessionOptions;
  readonly #signaling: SignalingClient;
  readonly #events = new Emitter<CallSessionEvents>();
  readonly #teardown = new AbortController();
  readonly #admission: Admission;
  readonly #roster: Roster;
  readonly #outbox: SignalOutbox;
  readonly #media: MediaPlane;
  readonly #encryption: CallEncryption;
  #isStarted = false;
  #isClosed = false;
  readonly #hasE2ee: boolean;

  constructor(options: CallSessionOptions) {
    this.#options = options;
    const events = this.#events;
    this.#signaling = new SignalingClient({
      url: options.url,
      ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
    });
    this.#admission = new Admission({
      join: options.join,
      tokens: new ResumeTokenStore(options.join, options.resumeTokenStore),
      send: (message) => this.#signaling.send(message),
      onPhaseChanged: (change) => events.emit('phaseChanged', change),
    });
    this.#roster = new Roster({
      onRosterChanged: (participants) => events.emit('rosterChanged', participants),
      onLockChanged: (isLocked) => events.emit('lockChanged', isLocked),
    });
    this.#outbox = new SignalOutbox({
      canSend: () => this.#admission.isJoined && this.#admission.phase === 'admitted',
      transmit: (to, data) => this.#signaling.send({ type: 'signal', to, data }),
    });
    // E2EE is always on with the default call factories; with a fake call only when configured.
    const hasE2ee = options.e2ee !== undefined || options.createCall === undefined;
    this.#hasE2ee = hasE2ee;
    this.#encryption = new CallEncryption({
      config: hasE2ee ? (options.e2ee ?? {}) : null,
      sendSignal: (to, data) => this.#outbox.send(to, data),
      onChange: () => events.emit('e2eeChanged', this.e2ee),
    });
    this.#media = new MediaPlane({
      createCall: options.createCall ?? createDefaultCall,
      localMedia: options.localMedia,
      isHost: (id) => this.#roster.isHost(id),
      sendSignal: (to, data) => this.#outbox.send(to, data),
      sendSfu: (message) => this.#send(message),
      onRemoteStreamsChanged: (streams) => events.emit('remoteStreamsChanged', streams),
      onPeerStateChanged: (change) => events.emit('peerStateChanged', change),
      onActiveSpeakerChanged: (speaker) => events.emit('activeSpeakerChanged', speaker),
      onMediaServerChanged: (change) => events.emit('mediaServerChanged', change),
    });
  }

  get phase(): SessionPhase {
    return this.#admission.phase;
  }
  get participantId(): string | null {
    return this.#admission.participantId;
  }
  get role(): ParticipantRole | null {
    return this.#admission.role;
  }
  get displayName(): string | null {
    return this.#admission.displayName;
  }
  get consultationId(): string | null {
    return this.#admission.consultationId;
  }
  get participants(): ParticipantView[] {
    return this.#roster.participants;
  }
  /** When the call started (first admission), from the roster. */
  get startedAt(): string | null {
    return this.#roster.startedAt;
  }
  /** When this person entered the waiting room, while waiting. */
  get waitingSince(): string | null {
    return this.#admission.waitingSince;
  }
  /** Meetings: whether a host locked the meeting (nobody new may enter). */
  get isLocked(): boolean {
    return this.#roster.isLocked;
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
    return this.#media.remoteStreams;
  }
  /** How the media of the call travels (mesh or SFU, meeting or not) while admitted, else null. */
  get mediaPlan(): MediaPlan | null {
    return this.#media.plan;
  }
  /** The media plane while admitted (switch on `call.kind`); `peerConnections()` for getStats. */
  get call(): Call | null {
    return this.#media.call;
  }

  on<K extends keyof CallSessionEvents>(
    name: K,
    listener: (payload: CallSessionEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Connects and joins (or resumes with a token kept from earlier in this tab). */
  start(): void {
    if (this.#isStarted || this.#isClosed) return;
    this.#isStarted = true;
    // Every call requires E2EE: a browser that cannot encrypt never joins (nor waits to be admitted).
    if (this.#hasE2ee && !(this.#options.canEncrypt ?? canEncryptCalls)()) {
      const message = ERROR_CATALOGUE.E2EE_UNSUPPORTED.message;
      this.#finish({ phase: 'failed', error: { code: 'E2EE_UNSUPPORTED', message } });
      return;
    }
    const signal = this.#teardown.signal;
    this.#signaling.on('opened', () => this.#admission.handleOpened(), { signal });
    this.#signaling.on('message', (message) => this.#handle(message), { signal });
    this.#signaling.on(
      'stateChanged',
      (state) => {
        this.#admission.handleConnectionState(state);
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
  /** The host saw this guest's identity document in the video (issue 8). */
  recordIdShownInVideo(participantId: string): boolean {
    return this.#send({ type: 'recordIdShownInVideo', participantId });
  }
  end(): boolean {
    return this.#send({ type: 'end' });
  }
  lock(isLocked: boolean): boolean {
    return this.#send({ type: 'lock', isLocked });
  }
  /** Host: records that `participantId` gave (having heard `text`) or withdrew consent aloud (issue 9). */
  recordSpokenConsent(participantId: string, decision: 'given' | 'withdrawn', text?: ConsentTextRef): boolean {
    return this.#send({
      type: 'recordConsent',
      participantId,
      decision,
      method: 'spoken',
      ...(text === undefined ? {} : { text }),
    });
  }

  /** Withdraws our own consent and leaves for good (the server records the withdrawal first). */
  withdrawConsent(): void {
    const self = this.#admission.participantId;
    if (self !== null)
      this.#send({ type: 'recordConsent', participantId: self, decision: 'withdrawn', method: 'browser' });
    this.leave();
  }

  /** Tells the others whether our microphone and camera are on (also sent on every change). */
  setMediaState(): boolean {
    if (this.phase !== 'admitted') return false;
    const { isAudioOn = false, isVideoOn = false } = this.#options.localMedia ?? {};
    return this.#send({ type: 'mediaState', isAudioOn, isVideoOn });
  }

  /** Leaves for good (the server marks us left) and closes. */
  leave(): void {
    if (this.#isClosed) return;
    this.#send({ type: 'leave' });
    this.#admission.forget();
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

  #handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        if (this.#admission.handleWelcome(message)) this.#closeCall(); // a fresh join: the old call is void
        return this.#outbox.handleWelcome(this.#media.call !== null);
      case 'waiting':
      case 'returnedToWaiting':
        this.#closeCall();
        this.#encryption.prepare();
        return this.#admission.handleWaiting(message.type === 'waiting' ? message.since : undefined);
      case 'admitted':
        return this.#admitted(message);
      case 'roster':
        return this.#rosterReceived(message);
      case 'locked':
        return this.#roster.handleLocked(message);
      case 'iceServers':
        return this.#media.handleIceServers(message.iceServers);
      case 'signal':
        if (
          message.data.kind === 'e2eeIdentity' ||
          message.data.kind === 'e2eeSenderKey' ||
          message.data.kind === 'e2eeStatus'
        ) {
          return this.#encryption.handleSignal(message.from, message.data);
        }
        return this.#media.handleSignal(message.from, message.data);
      case 'sfuAnswer':
      case 'sfuSubscriberOffer':
      case 'sfuTrickle':
      case 'sfuFeeds':
      case 'sfuReset':
        return this.#media.handleSfuMessage(message);
      case 'hostMessage':
        return this.#events.emit('hostMessage', { text: message.text, sentAt: message.sentAt });
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
      case 'consents':
        return this.#events.emit('consentsChanged', message.records);
      case 'dashboard':
      case 'pong':
        return;
    }
  }

  #admitted(message: ServerMessageOf<'admitted'>): void {
    const selfId = this.#admission.participantId;
    if (selfId === null) return;
    // A fresh E2EE session (a fresh identity) per admission; a repeated `admitted` keeps the call's.
    const callId = this.#admission.consultationId;
    const isNewCall = this.#media.call === null && callId !== null;
    const e2ee = isNewCall ? this.#encryption.start(callId, selfId) : null;
    this.#media.handleAdmitted({ selfId, message, e2ee });
    this.#admission.handleAdmitted();
    this.setMediaState();
  }

  #rosterReceived(message: ServerMessageOf<'roster'>): void {
    this.#roster.handleRoster(message);
    if (this.#media.call === null) return;
    const peers = this.#roster.peersOf(this.#admission.participantId);
    this.#encryption.setMembers(peers);
    this.#media.handleRoster(peers, this.#admission.role === 'host' ? this.#roster.waitingIds() : null);
    if (this.#outbox.handleRoster(peers)) this.#media.resync();
  }

  #errorReceived(message: ServerMessageOf<'error'>): void {
    const action = this.#admission.handleError(message, this.#media.canRetrySfu);
    const error = { code: message.code, message: message.message };
    if (action === 'fail') this.#finish({ phase: 'failed', error });
    else if (action === 'retrySfu' && message.ref !== undefined)
      this.#media.handleSfuRefusal(message.ref, message.code);
    else if (action === 'report') this.#events.emit('error', error);
  }

  /** A terminal phase: no call, no reconnects, no token to resume with. */
  #finish(change: PhaseChange): void {
    this.#closeCall();
    this.#encryption.dispose();
    this.#admission.handleFinished(change);
    this.#signaling.close();
  }

  #send(message: ClientMessage): boolean {
    return this.#admission.isJoined && this.#signaling.send(message);
  }

  #closeCall(): void {
    if (this.#media.call === null) return;
    this.#outbox.clear();
    this.#media.close();
    this.#encryption.stop();
  }
}
