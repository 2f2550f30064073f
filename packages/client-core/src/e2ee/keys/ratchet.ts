import { copyBytes } from '../bytes.ts';

export const SENDER_KEY_LENGTH = 32;

/** A fresh random sender key (the SFrame base_key). */
export function randomSenderKey(): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(SENDER_KEY_LENGTH));
}

/**
 * One ratchet step: next = HKDF-SHA256(key, info "samtale e2ee ratchet v1"). One-way, so whoever
 * receives the next key (a newcomer) cannot compute the earlier one and the media sent under it.
 */
export async function ratchetSenderKey(
  key: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await subtle.importKey('raw', copyBytes(key), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: new TextEncoder().encode('samtale e2ee ratchet v1'),
    },
    ikm,
    SENDER_KEY_LENGTH * 8,
  );
  return new Uint8Array(bits);
}
