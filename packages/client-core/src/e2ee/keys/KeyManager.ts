import type { E2eeFailure, SignalData } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../../events.ts';
import { fromBase64Url, toBase64Url } from '../bytes.ts';
import {
  decodePublicIdentity,
  encodePublicIdentity,
  fingerprintOf,
  generateIdentity,
  publicIdentityOf,
  publicKeysOf,
  type Identity,
  type IdentityWire,
  type PublicIdentity,
} from './identity.ts';
import { keyIdOf, partsOf } from './key-id.ts';
import { randomSenderKey, ratchetSenderKey } from './ratchet.ts';
import { verificationCode, type VerificationCode } from './verification-code.ts';
import { pairwiseKey, unwrapSenderKey, wrapSenderKey } from './wrap.ts';

export type E2eeStatus = 'negotiating' | 'active' | 'failed';

/**
 * One participant with whom the call is not encrypted, and why. `isOurs`: the failure is on our
 * side (our browser, or their key does not unwrap here); else they told us of theirs. A failure
 * of our whole browser names us (`participantId` = our own id).
 */
export interface E2eeProblem {
  participantId: string;
  failure: E2eeFailure;
  isOurs: boolean;
}

export interface RotationOptions {
  /** Joins and leaves within this window cause one rotation (Jitsi debounces 5 s; calls here are small). */
  debounceMs?: number;
  /** After a fresh key (someone left) is sent, the sender switches to it after this delay. */
  switchDelayMs?: number;
}

export interface KeyManagerOptions {
  callId: string;
  selfId: string;
  sendSignal: (to: string, data: SignalData) => void;
  rotation?: RotationOptions;
  subtle?: SubtleCrypto;
}

export interface KeyManagerEvents {
  /** Our media key changed: encrypt from now on with it. */
  senderKeyChanged: { keyId: number; key: Uint8Array<ArrayBuffer> };
  /** A member's media key (unwrapped): decrypt their frames with it. */
  receiverKeyReceived: { senderId: string; keyId: number; key: Uint8Array<ArrayBuffer> };
  /** A member left or started over with a new identity: forget every key of theirs. */
  senderRemoved: { senderId: string };
  statusChanged: E2eeStatus;
  /** With whom the call is not encrypted, and why, changed (see `problems`). */
  problemsChanged: E2eeProblem[];
  verificationChanged: { code: VerificationCode | null; isVerified: boolean };
}

interface Peer {
  identity: PublicIdentity;
  wrappingKey: Promise<CryptoKey>;
  /** Our key id last delivered to this peer, if any. */
  sentKeyId: number | null;
  hasReceivedKey: boolean;
  /** A key between us did not unwrap here or did not wrap for them (told to them too). */
  hasFailed: boolean;
}

/**
 * The key side of E2EE for one call (docs/E2EE-SCHEME.md): identity exchange, sender-key
 * distribution to admitted members only, ratchet on join, fresh key on leave, verification code.
 * Pure WebCrypto, no media: MeshCall/SfuCall connect its events to the frame cryptor.
 */
export class KeyManager {
  readonly #options: KeyManagerOptions;
  readonly #subtle: SubtleCrypto;
  readonly #events = new Emitter<KeyManagerEvents>();
  readonly #peers = new Map<string, Peer>();
  #members = new Set<string>();
  /** Joined members who get our key only after the next ratchet step. */
  readonly #awaitingRatchet = new Set<string>();
  #identity: Identity | null = null;
  /** Our side cannot encrypt or decrypt at all (E2eeSession reports it); told to every member. */
  #localFailure: E2eeFailure | null = null;
  /** Failures members told us of (`e2eeStatus`), until they say it works again or start over. */
  readonly #reported = new Map<string, E2eeFailure>();
  #senderKey: { keyId: number; key: Uint8Array<ArrayBuffer> } | null = null;
  #status: E2eeStatus = 'negotiating';
  #problemsKey = '[]';
  #code: VerificationCode | null = null;
  #isVerified = false;
  #pendingLeave = false;
  #rotationTimer: ReturnType<typeof setTimeout> | undefined;
  #switchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Every asynchronous step runs in order through this queue (one owner of the key state). */
  #queue: Promise<void> = Promise.resolve();
  #isClosed = false;

  constructor(options: KeyManagerOptions) {
    this.#options = options;
    this.#subtle = options.subtle ?? globalThis.crypto.subtle;
  }

  get status(): E2eeStatus {
    return this.#status;
  }
  get verificationCode(): VerificationCode | null {
    return this.#code;
  }
  get isVerified(): boolean {
    return this.#isVerified;
  }
  /** Our preferred identity public key (raw: X25519 where we have it, else P-256), once started. */
  get publicKey(): Uint8Array | null {
    const identity = this.#identity;
    return identity === null ? null : (identity.x25519 ?? identity.p256).publicKey;
  }
  get senderKeyId(): number | null {
    return this.#senderKey?.keyId ?? null;
  }
  /** With whom the call is not encrypted now, and why (empty unless the status is 'failed'). */
  get problems(): E2eeProblem[] {
    const self = this.#options.selfId;
    if (this.#localFailure !== null) return [{ participantId: self, failure: this.#localFailure, isOurs: true }];
    const problems: E2eeProblem[] = [];
    for (const id of this.#members) {
      if (this.#peers.get(id)?.hasFailed === true) problems.push({ participantId: id, failure: 'key', isOurs: true });
      const reported = this.#reported.get(id);
      if (reported !== undefined) problems.push({ participantId: id, failure: reported, isOurs: false });
    }
    return problems;
  }

  on<K extends keyof KeyManagerEvents>(
    name: K,
    listener: (payload: KeyManagerEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Makes the identity and the first sender key; resolves when done (status 'failed' if impossible). */
  start(): Promise<void> {
    this.#enqueue(async () => {
      try {
        this.#identity = await generateIdentity(this.#subtle);
      } catch (error) {
        console.warn('E2EE: no identity key', error);
        this.reportLocalFailure('identity');
        return;
      }
      this.#setSenderKey({ keyId: keyIdOf({ epoch: randomEpoch(), step: 0 }), key: randomSenderKey() });
      // This key is made now and has protected nothing yet: members known already may have it
      // without a ratchet step. Anyone who joins from here on waits for one (setMembers).
      this.#awaitingRatchet.clear();
      for (const id of this.#members) this.#sendIdentity(id);
    });
    return this.#queue;
  }

  /** The admitted members other than us, from the server's roster. */
  setMembers(ids: readonly string[]): void {
    if (this.#isClosed) return;
    const next = new Set(ids.filter((id) => id !== this.#options.selfId));
    const joined = [...next].filter((id) => !this.#members.has(id));
    const left = [...this.#members].filter((id) => !next.has(id));
    this.#members = next;
    if (joined.length === 0 && left.length === 0) return;
    // Every newcomer waits for a ratchet step, also the first one: our current key may have
    // protected media already that someone else holds — a meeting's first member publishes to the
    // SFU while alone, and Janus relays (and could keep) that ciphertext (issue 11).
    for (const id of joined) this.#awaitingRatchet.add(id);
    for (const id of left) {
      this.#awaitingRatchet.delete(id);
      this.#peers.delete(id);
      this.#reported.delete(id);
      this.#events.emit('senderRemoved', { senderId: id });
    }
    if (this.#identity !== null) for (const id of joined) this.#sendIdentity(id);
    for (const id of joined) this.#sendLocalFailure(id);
    if (left.length > 0) this.#pendingLeave = true;
    if (this.#pendingLeave) this.#scheduleRotation();
    // A join alone ratchets at once, not debounced: the step costs one HKDF, members derive it
    // themselves, and the newcomer needs its one wrapped key anyway — waiting would only delay
    // its first decrypted frame. The ratchet also delivers to a newcomer whose identity came
    // before the roster named them (an identity answered only now; found by bench/e2ee-cpu.ts).
    else if (joined.length > 0) this.#enqueue(() => this.#ratchet([...this.#awaitingRatchet]));
    this.#enqueue(() => this.#refreshCode());
    this.#updateStatus();
  }

  handleSignal(from: string, data: SignalData): void {
    if (this.#isClosed || from === this.#options.selfId) return;
    if (data.kind === 'e2eeIdentity') {
      this.#enqueue(() => this.#identityReceived(from, data, data.callId));
    } else if (data.kind === 'e2eeSenderKey') {
      this.#enqueue(() => this.#senderKeyReceived(from, data));
    } else if (data.kind === 'e2eeStatus') {
      // Through the queue: it comes after the identity it was sent after, never before.
      this.#enqueue(() => Promise.resolve(this.#statusReceived(from, data)));
    }
  }

  /**
   * Our side cannot take part encrypted any more (no encoded transforms, the worker failed, a
   * transform could not be attached, no identity key): status 'failed' for good in this session,
   * and every member, present and future, is told why (`e2eeStatus`).
   */
  reportLocalFailure(failure: E2eeFailure): void {
    if (this.#isClosed || this.#localFailure !== null) return;
    this.#localFailure = failure;
    for (const id of this.#members) this.#sendLocalFailure(id);
    this.#setStatus('failed');
  }

  /** The person read the code aloud with the others and it matched. */
  confirmVerification(): void {
    if (this.#code === null || this.#isVerified) return;
    this.#isVerified = true;
    this.#events.emit('verificationChanged', { code: this.#code, isVerified: true });
  }

  /** Resolves once every step queued so far has run (tests and shutdown). */
  settled(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    clearTimeout(this.#rotationTimer);
    clearTimeout(this.#switchTimer);
    this.#awaitingRatchet.clear();
    this.#peers.clear();
    this.#senderKey = null;
    this.#events.clear();
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(async () => {
        if (!this.#isClosed) await step();
      })
      .catch((error: unknown) => console.warn('E2EE key step failed', error));
  }

  #sendLocalFailure(to: string): void {
    if (this.#localFailure === null) return;
    this.#sendStatus(to, this.#localFailure);
  }

  #sendStatus(to: string, failure: E2eeFailure | null): void {
    this.#options.sendSignal(to, { kind: 'e2eeStatus', callId: this.#options.callId, failure });
  }

  #statusReceived(from: string, data: Extract<SignalData, { kind: 'e2eeStatus' }>): void {
    // Kept also before the roster names them (as their identity is): status counts members only.
    if (data.callId !== this.#options.callId) return;
    if (data.failure === null) this.#reported.delete(from);
    else this.#reported.set(from, data.failure);
    this.#updateStatus();
  }

  #sendIdentity(to: string): void {
    const identity = this.#identity;
    if (identity === null) return;
    this.#options.sendSignal(to, {
      kind: 'e2eeIdentity',
      ...encodePublicIdentity(identity),
      callId: this.#options.callId,
    });
  }

  async #identityReceived(from: string, wire: IdentityWire, callId: string): Promise<void> {
    if (callId !== this.#options.callId || this.#identity === null) return;
    const identity = decodePublicIdentity(wire);
    if (identity === null) {
      console.warn(`E2EE: the identity of ${from} is malformed`);
      return;
    }
    const known = this.#peers.get(from);
    if (known !== undefined && fingerprintOf(known.identity) === fingerprintOf(identity)) return;
    if (known !== undefined) {
      // Same participant, new identity (a reload): their old keys are void, and what they told
      // us of their old session too (a new one tells us again if it fails as well).
      this.#events.emit('senderRemoved', { senderId: from });
      this.#reported.delete(from);
    }
    // X25519 when both of us have it, else P-256 (identity.ts): both sides choose the same.
    const wrappingKey = pairwiseKey(this.#identity, identity, this.#options.callId, this.#subtle);
    wrappingKey.catch(() => undefined);
    this.#peers.set(from, { identity, wrappingKey, sentKeyId: null, hasReceivedKey: false, hasFailed: false });
    if (!this.#members.has(from)) return;
    // They may not have ours (they reloaded, or ours crossed theirs): answer once per new identity.
    this.#sendIdentity(from);
    await this.#deliverSenderKey(from);
    await this.#refreshCode();
    this.#updateStatus();
  }

  async #senderKeyReceived(from: string, data: Extract<SignalData, { kind: 'e2eeSenderKey' }>): Promise<void> {
    const peer = this.#peers.get(from);
    // Keys only from admitted members whose identity we hold (fail closed).
    if (peer === undefined || !this.#members.has(from)) return;
    try {
      const key = await unwrapSenderKey(
        await peer.wrappingKey,
        { keyId: data.keyId, wrappedKey: fromBase64Url(data.wrappedKey), iv: fromBase64Url(data.iv) },
        { from, to: this.#options.selfId },
        this.#subtle,
      );
      peer.hasReceivedKey = true;
      this.#events.emit('receiverKeyReceived', { senderId: from, keyId: data.keyId, key });
      // It works again: tell them, so their screen stops saying it does not.
      if (peer.hasFailed) {
        peer.hasFailed = false;
        this.#sendStatus(from, null);
      }
    } catch (error) {
      console.warn(`E2EE: a key from ${from} does not unwrap`, error);
      this.#pairFailed(from, peer);
    }
    this.#updateStatus();
  }

  /** Wraps our current key for one member, unless they already have it or can derive it. */
  async #deliverSenderKey(to: string): Promise<void> {
    const peer = this.#peers.get(to);
    const own = this.#senderKey;
    if (peer === undefined || own === null || !this.#members.has(to)) return;
    // A newcomer waits for the join ratchet: the current key protected media sent before they came.
    if (this.#awaitingRatchet.has(to)) return;
    // Same epoch: they ratchet forward themselves (key-id.ts).
    if (peer.sentKeyId !== null && partsOf(peer.sentKeyId).epoch === partsOf(own.keyId).epoch) return;
    try {
      const wrapped = await wrapSenderKey(
        await peer.wrappingKey,
        own.key,
        own.keyId,
        { from: this.#options.selfId, to },
        this.#subtle,
      );
      peer.sentKeyId = own.keyId;
      this.#options.sendSignal(to, {
        kind: 'e2eeSenderKey',
        keyId: wrapped.keyId,
        wrappedKey: toBase64Url(wrapped.wrappedKey),
        iv: toBase64Url(wrapped.iv),
      });
    } catch (error) {
      console.warn(`E2EE: cannot wrap our key for ${to}`, error);
      this.#pairFailed(to, peer);
    }
    this.#updateStatus();
  }

  /** A key between us and `id` failed: they are told, so both screens say so. */
  #pairFailed(id: string, peer: Peer): void {
    if (peer.hasFailed) return;
    peer.hasFailed = true;
    this.#sendStatus(id, 'key');
  }

  #scheduleRotation(): void {
    clearTimeout(this.#rotationTimer);
    this.#rotationTimer = setTimeout(
      () => this.#enqueue(() => this.#rotate()),
      this.#options.rotation?.debounceMs ?? 100,
    );
  }

  /**
   * Leave: a fresh key for the remaining members, used after they had time to receive it (the
   * one who left never gets it). Join only: the next ratchet step, used at once (members derive it;
   * the newcomer gets it wrapped and cannot go back to earlier steps).
   */
  async #rotate(): Promise<void> {
    const own = this.#senderKey;
    if (own === null) return;
    const isLeave = this.#pendingLeave;
    this.#pendingLeave = false;
    if (!isLeave) {
      if (this.#awaitingRatchet.size > 0) await this.#ratchet([...this.#awaitingRatchet]);
      return;
    }
    const { epoch } = partsOf(own.keyId);
    const next = { keyId: keyIdOf({ epoch: (epoch + 1) & 0xffff, step: 0 }), key: randomSenderKey() };
    this.#senderKey = next;
    await Promise.all([...this.#members].map((id) => this.#deliverSenderKey(id)));
    // Until the switch we keep encrypting with the previous key; receivers hold both. The wait
    // runs outside the queue so keys from others are handled meanwhile.
    this.#senderKey = own;
    clearTimeout(this.#switchTimer);
    this.#switchTimer = setTimeout(
      () =>
        this.#enqueue(async () => {
          this.#setSenderKey(next);
          if (this.#awaitingRatchet.size > 0) await this.#ratchet([...this.#awaitingRatchet]);
          else await Promise.all([...this.#members].map((id) => this.#deliverSenderKey(id)));
        }),
      this.#options.rotation?.switchDelayMs ?? 1_000,
    );
  }

  /** Next ratchet step, used at once; newcomers are released only now, after a step they cannot undo. */
  async #ratchet(newcomers: readonly string[]): Promise<void> {
    const current = this.#senderKey;
    // Nobody left to release (a leave's switch released them already).
    if (current === null || newcomers.length === 0) return;
    for (const id of newcomers) this.#awaitingRatchet.delete(id);
    const { epoch, step } = partsOf(current.keyId);
    const key = await ratchetSenderKey(current.key, this.#subtle);
    this.#setSenderKey({ keyId: keyIdOf({ epoch, step: step + 1 }), key });
    await Promise.all([...this.#members].map((id) => this.#deliverSenderKey(id)));
  }

  #setSenderKey(next: { keyId: number; key: Uint8Array<ArrayBuffer> }): void {
    this.#senderKey = next;
    this.#events.emit('senderKeyChanged', next);
    this.#updateStatus();
  }

  async #refreshCode(): Promise<void> {
    const identity = this.#identity;
    const peers = [...this.#members].map((id) => this.#peers.get(id)?.identity);
    const known = peers.filter((peer) => peer !== undefined);
    // Every published key of everyone, both algorithms: equal on all screens, and a server that
    // strips one (to force P-256) or swaps one changes it on some of them.
    const code =
      identity !== null && peers.length > 0 && known.length === peers.length
        ? await verificationCode(
            this.#options.callId,
            [publicIdentityOf(identity), ...known].flatMap(publicKeysOf),
            this.#subtle,
          )
        : null;
    if (code?.digits === this.#code?.digits) return;
    this.#code = code;
    this.#isVerified = false;
    this.#events.emit('verificationChanged', { code, isVerified: false });
  }

  #updateStatus(): void {
    // Our own failure is for good in this session (a new admission starts a new one).
    if (this.#localFailure !== null) return this.#setStatus('failed');
    const peers = [...this.#members].map((id) => this.#peers.get(id));
    let status: E2eeStatus = 'negotiating';
    // Not 'active' while any member cannot encrypt with us, whoever's side the failure is on.
    if (peers.some((p) => p?.hasFailed === true) || [...this.#members].some((id) => this.#reported.has(id)))
      status = 'failed';
    else if (
      this.#senderKey !== null &&
      peers.length > 0 &&
      peers.every((p) => p !== undefined && p.hasReceivedKey && p.sentKeyId !== null)
    ) {
      status = 'active';
    }
    this.#setStatus(status);
  }

  #setStatus(status: E2eeStatus): void {
    const problems = this.problems;
    const problemsKey = JSON.stringify(problems);
    if (problemsKey !== this.#problemsKey) {
      this.#problemsKey = problemsKey;
      this.#events.emit('problemsChanged', problems);
    }
    if (this.#status === status) return;
    this.#status = status;
    this.#events.emit('statusChanged', status);
  }
}

function randomEpoch(): number {
  return globalThis.crypto.getRandomValues(new Uint16Array(1))[0] ?? 0;
}
