import { concatBytes, copyBytes } from '../bytes.ts';
import { pairKeys, sharedSecret, type Identity, type PublicIdentity } from './identity.ts';

const encoder = new TextEncoder();
const WRAP_INFO = encoder.encode('samtale e2ee sender-key wrap v1');

export interface WrappedSenderKey {
  keyId: number;
  wrappedKey: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
}

/**
 * The pairwise wrapping key between two identities: ECDH over X25519 when both have it, else
 * P-256 (`pairKeys`), then HKDF-SHA256 with the call id as salt (so a key of one call is useless
 * in another), then AES-GCM. Rejects when the two share no algorithm.
 */
export async function pairwiseKey(
  ours: Identity,
  theirs: PublicIdentity,
  callId: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<CryptoKey> {
  const keys = pairKeys(ours, theirs);
  if (keys === null) throw new Error('the peer identity has no algorithm in common with ours');
  const secret = await sharedSecret(keys.pair, keys.peerPublicKey, subtle);
  const ikm = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(callId), info: WRAP_INFO },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Binds a wrapped key to who sent it to whom and under which KID: a relay cannot re-address it. */
function wrapAad(from: string, to: string, keyId: number): Uint8Array<ArrayBuffer> {
  return concatBytes(encoder.encode(`${from}>${to}#`), encoder.encode(String(keyId)));
}

export async function wrapSenderKey(
  key: CryptoKey,
  senderKey: Uint8Array,
  keyId: number,
  route: { from: string; to: string },
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<WrappedSenderKey> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: wrapAad(route.from, route.to, keyId) },
    key,
    copyBytes(senderKey),
  );
  return { keyId, wrappedKey: new Uint8Array(wrapped), iv };
}

/** Throws when the wrapped key was not made for this route by the holder of the peer identity. */
export async function unwrapSenderKey(
  key: CryptoKey,
  wrapped: WrappedSenderKey,
  route: { from: string; to: string },
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: wrapped.iv, additionalData: wrapAad(route.from, route.to, wrapped.keyId) },
    key,
    wrapped.wrappedKey,
  );
  return new Uint8Array(plain);
}
