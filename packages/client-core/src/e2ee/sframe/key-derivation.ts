import { concatBytes, copyBytes } from '../bytes.ts';

/** AES_128_GCM_SHA256_128 (RFC 9605 §8.1): the only suite we use. */
export const CIPHER_SUITE = 0x0004;
export const KEY_LENGTH = 16;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;

const encoder = new TextEncoder();

function u64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([value >> 8, value & 0xff]);
}

/** `"SFrame 1.0 Secret key " || KID || cipher_suite` (RFC 9605 §4.4.2). */
export function keyLabel(kid: bigint, suite = CIPHER_SUITE): Uint8Array<ArrayBuffer> {
  return concatBytes(encoder.encode('SFrame 1.0 Secret key '), u64(kid), u16(suite));
}

/** `"SFrame 1.0 Secret salt " || KID || cipher_suite` (RFC 9605 §4.4.2). */
export function saltLabel(kid: bigint, suite = CIPHER_SUITE): Uint8Array<ArrayBuffer> {
  return concatBytes(encoder.encode('SFrame 1.0 Secret salt '), u64(kid), u16(suite));
}

export interface DerivedKey {
  /** Non-extractable AES-GCM key (`sframe_key`). */
  key: CryptoKey;
  /** `sframe_salt`, XORed with the counter to make each nonce. */
  salt: Uint8Array<ArrayBuffer>;
}

/**
 * derive_key_salt (RFC 9605 §4.4.2): sframe_secret = HKDF-Extract("", base_key), then
 * HKDF-Expand with the key and salt labels. WebCrypto's HKDF does extract-then-expand in one call;
 * an empty salt is the same as HashLen zero bytes (RFC 5869 §2.2).
 */
export async function deriveKeySalt(
  baseKey: Uint8Array,
  kid: bigint,
  options: { subtle?: SubtleCrypto; isExtractable?: boolean } = {},
): Promise<DerivedKey> {
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const ikm = await subtle.importKey('raw', copyBytes(baseKey), 'HKDF', false, ['deriveBits']);
  const hkdf = (info: Uint8Array<ArrayBuffer>, length: number): Promise<ArrayBuffer> =>
    subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, ikm, length * 8);
  const [rawKey, salt] = await Promise.all([hkdf(keyLabel(kid), KEY_LENGTH), hkdf(saltLabel(kid), NONCE_LENGTH)]);
  const key = await subtle.importKey('raw', rawKey, 'AES-GCM', options.isExtractable ?? false, ['encrypt', 'decrypt']);
  return { key, salt: new Uint8Array(salt) };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** nonce = sframe_salt XOR CTR, CTR big-endian in the last bytes (RFC 9605 §4.4.3). */
export function makeNonce(salt: Uint8Array, ctr: bigint): Uint8Array<ArrayBuffer> {
  const nonce = copyBytes(salt);
  if (ctr <= MAX_SAFE) {
    // Number arithmetic for every real counter: BigInt shifts allocate, and this runs per frame.
    let n = Number(ctr);
    for (let index = NONCE_LENGTH - 1; n > 0; index -= 1) {
      nonce[index] = (nonce[index] ?? 0) ^ (n % 256);
      n = Math.floor(n / 256);
    }
    return nonce;
  }
  for (let i = 0; i < 8; i += 1) {
    const index = NONCE_LENGTH - 1 - i;
    nonce[index] = (nonce[index] ?? 0) ^ Number((ctr >> BigInt(i * 8)) & 0xffn);
  }
  return nonce;
}
