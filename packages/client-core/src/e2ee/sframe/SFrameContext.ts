import { arrayBufferBytes, concatBytes } from '../bytes.ts';
import { decodeHeader, encodeHeader, SFrameHeaderError } from './header.ts';
import { deriveKeySalt, makeNonce, TAG_LENGTH, type DerivedKey } from './key-derivation.ts';
import { ReplayWindow } from './replay-window.ts';

export type SFrameErrorReason = 'unknown-kid' | 'replayed' | 'auth-failed' | 'malformed';

/** Why a frame was refused; the caller drops the frame (fail closed). */
export class SFrameError extends Error {
  readonly reason: SFrameErrorReason;
  constructor(reason: SFrameErrorReason, options?: ErrorOptions) {
    super(`SFrame: ${reason}`, options);
    this.reason = reason;
  }
}

const NO_BYTES = new Uint8Array(0);

interface KeyEntry extends DerivedKey {
  replay: ReplayWindow;
}

export interface DecryptedFrame {
  kid: bigint;
  ctr: bigint;
  plaintext: Uint8Array<ArrayBuffer>;
}

/**
 * An SFrame context (RFC 9605 §4.4): KID -> (key, salt). encrypt/decrypt follow §4.4.3/§4.4.4
 * with AAD = header || metadata; decrypt also refuses replays per KID.
 */
export class SFrameContext {
  readonly #subtle: SubtleCrypto;
  readonly #keys = new Map<bigint, KeyEntry>();
  readonly #replayWindow: number;

  constructor(options: { subtle?: SubtleCrypto; replayWindow?: number } = {}) {
    this.#subtle = options.subtle ?? globalThis.crypto.subtle;
    this.#replayWindow = options.replayWindow ?? 1024;
  }

  async addKey(kid: bigint, baseKey: Uint8Array): Promise<void> {
    const derived = await deriveKeySalt(baseKey, kid, { subtle: this.#subtle });
    this.#keys.set(kid, { ...derived, replay: new ReplayWindow(this.#replayWindow) });
  }

  hasKey(kid: bigint): boolean {
    return this.#keys.has(kid);
  }

  removeKey(kid: bigint): void {
    this.#keys.delete(kid);
  }

  kids(): bigint[] {
    return [...this.#keys.keys()];
  }

  /**
   * Returns prefix || header || ciphertext || tag. Each (kid, ctr) must be used once; the caller
   * counts. `prefix` (FrameCryptor: the clear codec bytes) is not encrypted or authenticated; it
   * lets a whole encoded frame be built with one copy instead of a second one around the SFrame.
   */
  async encrypt(
    kid: bigint,
    ctr: bigint,
    metadata: Uint8Array,
    plaintext: Uint8Array,
    prefix: Uint8Array = NO_BYTES,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const entry = this.#keys.get(kid);
    if (entry === undefined) throw new SFrameError('unknown-kid');
    const header = encodeHeader({ kid, ctr });
    const ciphertext = await this.#subtle.encrypt(
      {
        name: 'AES-GCM',
        iv: makeNonce(entry.salt, ctr),
        additionalData: concatBytes(header, metadata),
        tagLength: TAG_LENGTH * 8,
      },
      entry.key,
      arrayBufferBytes(plaintext),
    );
    return concatBytes(prefix, header, new Uint8Array(ciphertext));
  }

  /** Decrypts header || ciphertext || tag; throws SFrameError for anything that must be dropped. */
  async decrypt(metadata: Uint8Array, sframe: Uint8Array): Promise<DecryptedFrame> {
    let header;
    try {
      header = decodeHeader(sframe);
    } catch (error) {
      if (error instanceof SFrameHeaderError) throw new SFrameError('malformed', { cause: error });
      throw error;
    }
    if (sframe.length < header.length + TAG_LENGTH) throw new SFrameError('malformed');
    const entry = this.#keys.get(header.kid);
    if (entry === undefined) throw new SFrameError('unknown-kid');
    if (!entry.replay.isFresh(header.ctr)) throw new SFrameError('replayed');
    let plaintext: ArrayBuffer;
    try {
      plaintext = await this.#subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: makeNonce(entry.salt, header.ctr),
          additionalData: concatBytes(sframe.subarray(0, header.length), metadata),
          tagLength: TAG_LENGTH * 8,
        },
        entry.key,
        arrayBufferBytes(sframe.subarray(header.length)),
      );
    } catch (error) {
      throw new SFrameError('auth-failed', { cause: error });
    }
    // Checked again after the await: a concurrent decrypt of the same frame may have won.
    if (!entry.replay.isFresh(header.ctr)) throw new SFrameError('replayed');
    entry.replay.accept(header.ctr);
    return { kid: header.kid, ctr: header.ctr, plaintext: new Uint8Array(plaintext) };
  }
}
