import type { E2eeFailure, SignalData } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../events.ts';
import { KeyManager, type E2eeProblem, type E2eeStatus, type RotationOptions } from './keys/KeyManager.ts';
import type { VerificationCode } from './keys/verification-code.ts';
import type { FromWorker, ToWorker } from './worker/messages.ts';
import { attachTransform, isEncodedTransformSupported } from './worker/transforms.ts';

export interface E2eeSessionOptions {
  /** The call id (consultation id): salt of the pairwise keys, part of the verification code. */
  callId: string;
  selfId: string;
  sendSignal: (to: string, data: SignalData) => void;
  /** Defaults to the bundled worker; tests that bundle differently pass their own. */
  createWorker?: () => Worker;
  rotation?: RotationOptions;
  /**
   * TEST ONLY (the SFU ciphertext-detector test): frames pass unencrypted and the status is
   * never 'active'. The web app never sets it; nothing a user does can reach it.
   */
  testOnlyPlaintext?: true;
}

export interface E2eeSessionEvents {
  statusChanged: E2eeStatus;
  /** With whom the call is not encrypted, and why, changed. */
  problemsChanged: E2eeProblem[];
  /**
   * Our side failed for good in this session: the worker is stopped, so no frame passes any
   * transform any more. Calls drop every remote track (nothing undecryptable is shown or played).
   */
  failed: { failure: E2eeFailure };
  verificationChanged: { code: VerificationCode | null; isVerified: boolean };
  /** A key arrived for a sender whose frames were dropped: ask for one keyframe. */
  keyframeNeeded: { senderId: string };
}

/** Use in `new RTCPeerConnection({ ...iceConfig, ...E2EE_RTC_CONFIGURATION })`. */
export const E2EE_RTC_CONFIGURATION = { encodedInsertableStreams: true } as const;

/** The bundled E2EE worker (Vite bundles `new Worker(new URL(...))` as its own chunk). */
export function defaultWorker(): Worker {
  return new Worker(new URL('./worker/e2ee-worker.ts', import.meta.url), { type: 'module', name: 'samtale-e2ee' });
}

/**
 * End-to-end encryption of one call (docs/E2EE-SCHEME.md): the KeyManager's keys go to a worker
 * that SFrame-encrypts every outgoing and decrypts every incoming encoded frame.
 */
export class E2eeSession {
  static readonly rtcConfiguration = E2EE_RTC_CONFIGURATION;
  readonly #options: E2eeSessionOptions;
  readonly #keys: KeyManager;
  readonly #events = new Emitter<E2eeSessionEvents>();
  #worker: Worker | null = null;
  #failure: E2eeFailure | null = null;
  readonly #attached = new WeakSet<RTCRtpSender | RTCRtpReceiver>();
  #isClosed = false;

  constructor(options: E2eeSessionOptions) {
    this.#options = options;
    this.#keys = new KeyManager({
      callId: options.callId,
      selfId: options.selfId,
      sendSignal: options.sendSignal,
      ...(options.rotation === undefined ? {} : { rotation: options.rotation }),
    });
    this.#keys.on('senderKeyChanged', ({ keyId, key }) => this.#post({ type: 'senderKey', keyId, key }));
    this.#keys.on('receiverKeyReceived', ({ senderId, keyId, key }) =>
      this.#post({ type: 'receiverKey', senderId, keyId, key }),
    );
    this.#keys.on('senderRemoved', ({ senderId }) => this.#post({ type: 'removeSender', senderId }));
    this.#keys.on('statusChanged', () => {
      this.#events.emit('statusChanged', this.status);
      // The code is withdrawn while the call is not encrypted with everyone, and back after.
      this.#events.emit('verificationChanged', { code: this.verificationCode, isVerified: this.isVerified });
    });
    this.#keys.on('problemsChanged', (problems) => this.#events.emit('problemsChanged', problems));
    this.#keys.on('verificationChanged', () =>
      this.#events.emit('verificationChanged', { code: this.verificationCode, isVerified: this.isVerified }),
    );
  }

  get status(): E2eeStatus {
    if (this.#options.testOnlyPlaintext === true) return 'failed';
    return this.#keys.status;
  }
  /** Only while the status is 'active': a code for a call not encrypted with everyone proves nothing. */
  get verificationCode(): VerificationCode | null {
    return this.status === 'active' ? this.#keys.verificationCode : null;
  }
  /** With whom the call is not encrypted now, and why. */
  get problems(): E2eeProblem[] {
    return this.#keys.problems;
  }
  /** Why our side failed for good in this session, or null. */
  get failure(): E2eeFailure | null {
    return this.#failure;
  }
  get isVerified(): boolean {
    return this.#keys.isVerified;
  }

  on<K extends keyof E2eeSessionEvents>(
    name: K,
    listener: (payload: E2eeSessionEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Identity key pair and first sender key (status 'failed', reason `identity`, if impossible). */
  async start(): Promise<void> {
    await this.#keys.start();
    if (this.#keys.problems.some((p) => p.isOurs && p.participantId === this.#options.selfId))
      this.#fail('identity', null);
  }

  setMembers(admittedIds: readonly string[]): void {
    this.#keys.setMembers(admittedIds);
  }

  /** Handles `e2eeIdentity` / `e2eeSenderKey`; other kinds are ignored. */
  handleSignal(from: string, data: SignalData): void {
    this.#keys.handleSignal(from, data);
  }

  confirmVerification(): void {
    this.#keys.confirmVerification();
  }

  /** Encrypts what `sender` sends; call before a track is attached. Returns false when impossible. */
  attachSender(sender: RTCRtpSender, kind: 'audio' | 'video'): boolean {
    return this.#attach(sender, kind, null);
  }

  /**
   * Decrypts what `receiver` gets; call in the `track` event at the latest. `senderId` is whose
   * media it carries now (tried first); frames of anyone else whose key we hold decrypt too.
   */
  attachReceiver(receiver: RTCRtpReceiver, kind: 'audio' | 'video', senderId: string): boolean {
    return this.#attach(receiver, kind, senderId);
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#keys.close();
    this.#worker?.terminate();
    this.#worker = null;
    this.#events.clear();
  }

  #attach(target: RTCRtpSender | RTCRtpReceiver, kind: 'audio' | 'video', senderId: string | null): boolean {
    // After a failure nothing decrypts or encrypts any more, also on targets attached before.
    if (this.#isClosed || this.#failure !== null) return false;
    if (this.#attached.has(target)) return true;
    const worker = this.#ensureWorker();
    if (worker === null) return false;
    try {
      attachTransform(worker, target, kind, senderId);
      this.#attached.add(target);
      return true;
    } catch (error) {
      this.#fail('transform', error);
      return false;
    }
  }

  /** The worker starts with the first transform (Node tests of the key side never need one). */
  #ensureWorker(): Worker | null {
    if (this.#worker !== null || this.#failure !== null) return this.#worker;
    if (!isEncodedTransformSupported()) {
      this.#fail('unsupported', null);
      return null;
    }
    try {
      const worker = (this.#options.createWorker ?? defaultWorker)();
      worker.addEventListener('message', ({ data }: MessageEvent<FromWorker>) => {
        if (data.type === 'keyframeNeeded') this.#events.emit('keyframeNeeded', { senderId: data.senderId });
      });
      worker.addEventListener('error', (event) => this.#fail('worker', event));
      this.#worker = worker;
      this.#post({ type: 'configure', isPlaintextForTests: this.#options.testOnlyPlaintext === true });
      // Keys made before the worker existed.
      this.#replayKeys();
      return worker;
    } catch (error) {
      this.#fail('worker', error);
      return null;
    }
  }

  #replayKeys(): void {
    for (const message of this.#keyLog) this.#worker?.postMessage(message);
  }

  /** Key messages are kept until the worker exists (it starts with the first transform). */
  #keyLog: ToWorker[] = [];

  #post(message: ToWorker): void {
    if (this.#failure !== null) return;
    if (this.#worker === null) {
      if (message.type === 'removeSender')
        this.#keyLog = this.#keyLog.filter((m) => !('senderId' in m) || m.senderId !== message.senderId);
      else this.#keyLog.push(message);
      return;
    }
    this.#worker.postMessage(message);
  }

  /**
   * Fail closed, and say so: the worker stops (frames already flowing through a transform stop
   * with it: none passes undecrypted), every member is told why, and the calls drop what they
   * show of the others.
   */
  #fail(failure: E2eeFailure, cause: unknown): void {
    if (this.#failure !== null || this.#isClosed) return;
    console.warn(`E2EE failed here (${failure})`, cause);
    this.#failure = failure;
    this.#worker?.terminate();
    this.#worker = null;
    this.#keyLog = [];
    this.#keys.reportLocalFailure(failure);
    this.#events.emit('failed', { failure });
  }
}

export type { E2eeProblem, E2eeStatus, VerificationCode };
