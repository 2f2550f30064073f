import { compareBytes, concatBytes } from '../bytes.ts';

export interface VerificationCode {
  /** Five groups of five digits, e.g. `04921 88310 …`: the code people read aloud. */
  digits: string;
  /**
   * Five symbols from VERIFICATION_SYMBOLS (by name), to compare at a glance. Apps draw them
   * themselves (the web app ships them as inline SVG) and name them in the user's language:
   * nothing depends on the system's emoji font, which many machines lack (issue 11).
   */
  symbols: VerificationSymbol[];
}

/**
 * 16 symbols (4 bits each; 16 divides 256, so every byte maps without bias) that are easy to
 * draw, to tell apart and to name aloud. None is named like a digit ("tre" is three in Norwegian).
 * The order is part of the code: never reorder, only a new code version may change it.
 */
export const VERIFICATION_SYMBOLS = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'star',
  'heart',
  'moon',
  'sun',
  'cloud',
  'drop',
  'leaf',
  'house',
  'fish',
  'arrow',
  'lightning',
  'plus',
] as const;
export type VerificationSymbol = (typeof VERIFICATION_SYMBOLS)[number];

const encoder = new TextEncoder();

/**
 * The code every participant compares: SHA-256 over the call id and every identity public key of
 * the call (sorted, each length-prefixed). A server that swaps a key or adds a ghost member changes
 * it on some screens and not on others.
 */
export async function verificationCode(
  callId: string,
  publicKeys: readonly Uint8Array[],
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<VerificationCode> {
  const sorted = [...publicKeys].sort(compareBytes);
  const parts: Uint8Array[] = [encoder.encode('samtale e2ee verification v1'), lengthPrefixed(encoder.encode(callId))];
  for (const key of sorted) parts.push(lengthPrefixed(key));
  const hash = new Uint8Array(await subtle.digest('SHA-256', concatBytes(...parts)));
  const view = new DataView(hash.buffer);
  const groups: string[] = [];
  for (let i = 0; i < 5; i += 1) groups.push(String(view.getUint32(i * 4) % 100_000).padStart(5, '0'));
  const symbols: VerificationSymbol[] = [];
  for (let i = 0; i < 5; i += 1)
    symbols.push(VERIFICATION_SYMBOLS[(hash[20 + i] ?? 0) % VERIFICATION_SYMBOLS.length] ?? 'circle');
  return { digits: groups.join(' '), symbols };
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
}
