import { concatBytes } from '../bytes.ts';
import { clearByteCount, type E2eeCodec } from '../codec.ts';
import { partsOf } from '../keys/key-id.ts';
import { ratchetSenderKey } from '../keys/ratchet.ts';
import { decodeHeader } from '../sframe/header.ts';
import { SFrameContext, SFrameError } from '../sframe/SFrameContext.ts';

export interface FrameCryptorOptions {
  /** A key arrived for a sender whose frames we had to drop: ask for one keyframe. */
  onKeyframeNeeded?: (senderId: string) => void;
  /** Older keys of a sender stay this long after a newer one decrypted (reordering). */
  retainOldKeyMs?: number;
  schedule?: (run: () => void, ms: number) => void;
  /** TEST ONLY: frames pass unencrypted (the SFU ciphertext detector must flag them). */
  isPlaintextForTests?: boolean;
  subtle?: SubtleCrypto;
}

interface SenderState {
  context: SFrameContext;
  /** Base keys we hold per KID (to ratchet forward from). */
  baseKeys: Map<number, Uint8Array>;
  retiring: Set<number>;
}

/** Ratcheting further than this from the newest key we hold is refused (cost bound). */
const MAX_RATCHET_STEPS = 16;
/** KIDs remembered as underivable; past this many the memory starts over. */
const MAX_REFUSED_KIDS = 1024;
/** Epochs of frames we could not decrypt, remembered to ask for a keyframe once their key comes. */
const MAX_STARVED_EPOCHS = 64;

/**
 * SFrame applied to encoded frames (docs/E2EE-SCHEME.md): frame = clear codec bytes || SFrame
 * header || ciphertext, the clear bytes authenticated as metadata. Fail closed: `null` means drop.
 *
 * A received frame is decrypted by its KID with whichever sender's key holds that KID, not by the
 * receiver it arrived on: an SFU reuses a subscriber m-line (and so its receiver and transform)
 * for another participant's feed when someone leaves or the visible tiles change, and the frames
 * of the new feed must decrypt there too. Keys are still stored per sender, so a departed
 * member's keys go with them, and AES-GCM authentication decides between senders whose random
 * epochs happen to give the same KID.
 */
export class FrameCryptor {
  readonly #options: FrameCryptorOptions;
  readonly #subtle: SubtleCrypto;
  readonly #own: SFrameContext;
  #ownKid: bigint | null = null;
  #counter = 0n;
  readonly #senders = new Map<string, SenderState>();
  /** KIDs whose ratchet was tried and failed: not retried for every frame until a key arrives. */
  readonly #refused = new Set<number>();
  /** Epochs of dropped frames (no key yet): the sender whose key brings one is asked for a keyframe. */
  readonly #starvedEpochs = new Set<number>();

  constructor(options: FrameCryptorOptions = {}) {
    this.#options = options;
    this.#subtle = options.subtle ?? globalThis.crypto.subtle;
    this.#own = new SFrameContext({ subtle: this.#subtle });
  }

  async setSenderKey(keyId: number, key: Uint8Array): Promise<void> {
    const kid = BigInt(keyId);
    await this.#own.addKey(kid, key);
    const previous = this.#ownKid;
    this.#ownKid = kid;
    // A new key starts a new nonce space (RFC 9605 §4.4.3: each (KID, CTR) once).
    this.#counter = 0n;
    if (previous !== null && previous !== kid) this.#own.removeKey(previous);
  }

  async setReceiverKey(senderId: string, keyId: number, key: Uint8Array): Promise<void> {
    const state = this.#sender(senderId);
    await state.context.addKey(BigInt(keyId), key);
    state.baseKeys.set(keyId, key);
    this.#refused.clear();
    if (this.#starvedEpochs.delete(partsOf(keyId).epoch)) this.#options.onKeyframeNeeded?.(senderId);
  }

  removeSender(senderId: string): void {
    this.#senders.delete(senderId);
  }

  async encryptFrame(codec: E2eeCodec, data: Uint8Array): Promise<Uint8Array | null> {
    if (this.#options.isPlaintextForTests === true) return data;
    // An empty frame (Opus DTX can produce them) carries nothing to protect.
    if (data.length === 0) return data;
    const kid = this.#ownKid;
    if (kid === null) return null;
    const clear = clearByteCount(codec, data);
    const metadata = data.subarray(0, clear);
    const ctr = this.#counter;
    this.#counter += 1n;
    // The clear codec bytes go in front as the prefix: one copy of the frame, not two.
    return this.#own.encrypt(kid, ctr, metadata, data.subarray(clear), metadata);
  }

  /**
   * Decrypts a received frame with the key its KID names, whoever holds it; `expectedSender` (the
   * participant the receiver was attached for) is only tried first. `null`: drop the frame.
   */
  async decryptFrame(
    codec: E2eeCodec,
    data: Uint8Array,
    expectedSender: string | null = null,
  ): Promise<Uint8Array | null> {
    if (this.#options.isPlaintextForTests === true) return data;
    if (data.length === 0) return data;
    const clear = clearByteCount(codec, data);
    const metadata = data.subarray(0, clear);
    const sframe = data.subarray(clear);
    let kid: number;
    try {
      kid = Number(decodeHeader(sframe).kid);
    } catch {
      return null;
    }
    let holders = this.#holdersOf(kid, expectedSender);
    if (holders.length === 0) holders = await this.#ratchetTo(kid, expectedSender);
    if (holders.length === 0) {
      this.#starve(partsOf(kid).epoch);
      return null;
    }
    for (const state of holders) {
      try {
        const frame = await state.context.decrypt(metadata, sframe);
        this.#retireOlderThan(state, kid);
        return concatBytes(metadata, frame.plaintext);
      } catch (error) {
        if (!(error instanceof SFrameError)) throw error;
      }
    }
    return null;
  }

  #sender(senderId: string): SenderState {
    let state = this.#senders.get(senderId);
    if (state === undefined) {
      state = { context: new SFrameContext({ subtle: this.#subtle }), baseKeys: new Map(), retiring: new Set() };
      this.#senders.set(senderId, state);
    }
    return state;
  }

  /** Senders we hold a key for under `kid`, the expected one first. */
  #holdersOf(kid: number, expectedSender: string | null): SenderState[] {
    // Per frame: one array and one BigInt, not a copy of all senders and a BigInt for each.
    const id = BigInt(kid);
    const expected = expectedSender === null ? undefined : this.#senders.get(expectedSender);
    const holders = expected?.context.hasKey(id) === true ? [expected] : [];
    for (const state of this.#senders.values()) if (state !== expected && state.context.hasKey(id)) holders.push(state);
    return holders;
  }

  #ordered(expectedSender: string | null): SenderState[] {
    const expected = expectedSender === null ? undefined : this.#senders.get(expectedSender);
    const rest = [...this.#senders.values()].filter((state) => state !== expected);
    return expected === undefined ? rest : [expected, ...rest];
  }

  /**
   * A later step of an epoch a sender's key is from: derive it (key-id.ts) for every sender that
   * could own it. Deterministic, so a forged KID gains nothing; bounded in steps and refused KIDs.
   */
  async #ratchetTo(kid: number, expectedSender: string | null): Promise<SenderState[]> {
    if (this.#refused.has(kid)) return [];
    const target = partsOf(kid);
    const derived: SenderState[] = [];
    for (const state of this.#ordered(expectedSender)) {
      let best: { step: number; key: Uint8Array } | null = null;
      for (const [held, key] of state.baseKeys) {
        const parts = partsOf(held);
        if (parts.epoch === target.epoch && parts.step < target.step && (best === null || parts.step > best.step)) {
          best = { step: parts.step, key };
        }
      }
      if (best === null || target.step - best.step > MAX_RATCHET_STEPS) continue;
      let key = best.key;
      for (let step = best.step; step < target.step; step += 1) key = await ratchetSenderKey(key, this.#subtle);
      await state.context.addKey(BigInt(kid), key);
      state.baseKeys.set(kid, key);
      derived.push(state);
    }
    if (derived.length === 0) {
      // Injected frames with ever new KIDs must not grow this without bound.
      if (this.#refused.size >= MAX_REFUSED_KIDS) this.#refused.clear();
      this.#refused.add(kid);
    }
    return derived;
  }

  #starve(epoch: number): void {
    if (this.#starvedEpochs.has(epoch)) return;
    if (this.#starvedEpochs.size >= MAX_STARVED_EPOCHS) {
      // Forged KIDs must not grow this without bound: forget the oldest.
      const oldest = this.#starvedEpochs.values().next();
      if (oldest.done !== true) this.#starvedEpochs.delete(oldest.value);
    }
    this.#starvedEpochs.add(epoch);
  }

  /** Keys older than one that just decrypted are deleted after a grace period for late frames. */
  #retireOlderThan(state: SenderState, kid: number): void {
    for (const held of state.baseKeys.keys()) {
      if (held === kid || state.retiring.has(held) || !isOlder(held, kid)) continue;
      state.retiring.add(held);
      const schedule = this.#options.schedule ?? ((run, ms) => setTimeout(run, ms));
      schedule(() => {
        state.context.removeKey(BigInt(held));
        state.baseKeys.delete(held);
        state.retiring.delete(held);
      }, this.#options.retainOldKeyMs ?? 2_000);
    }
  }
}

function isOlder(a: number, b: number): boolean {
  const pa = partsOf(a);
  const pb = partsOf(b);
  // Epochs advance by one per fresh key; compare modulo 2^16 so a wrap does not look older.
  const epochDelta = (pb.epoch - pa.epoch) & 0xffff;
  if (epochDelta !== 0) return epochDelta < 0x8000;
  return pa.step < pb.step;
}
