import { copyBytes } from '../bytes.ts';

/** The identity key algorithm: X25519 where WebCrypto has it, P-256 ECDH otherwise. */
export type IdentityAlgorithm = 'X25519' | 'P-256';

export interface IdentityKeyPair {
  algorithm: IdentityAlgorithm;
  privateKey: CryptoKey;
  /** Raw public key: 32 bytes (X25519) or 65 bytes (P-256, uncompressed). */
  publicKey: Uint8Array<ArrayBuffer>;
}

const X25519_LENGTH = 32;

function importParams(algorithm: IdentityAlgorithm): EcKeyImportParams | Algorithm {
  return algorithm === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
}

/** A fresh per-call identity key pair; the private key never leaves WebCrypto. */
export async function generateIdentity(
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  algorithms: readonly IdentityAlgorithm[] = ['X25519', 'P-256'],
): Promise<IdentityKeyPair> {
  let lastError: unknown = null;
  for (const algorithm of algorithms) {
    try {
      const pair = (await subtle.generateKey(importParams(algorithm), false, ['deriveBits'])) as CryptoKeyPair;
      const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
      return { algorithm, privateKey: pair.privateKey, publicKey };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('no identity key algorithm is supported', { cause: lastError });
}

/** The algorithm of a raw public key, told by its length. */
export function algorithmOfPublicKey(publicKey: Uint8Array): IdentityAlgorithm {
  return publicKey.length === X25519_LENGTH ? 'X25519' : 'P-256';
}

/** ECDH between our identity and a peer's raw public key: 32 shared bytes. */
export async function sharedSecret(
  identity: IdentityKeyPair,
  peerPublicKey: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<ArrayBuffer> {
  const algorithm = algorithmOfPublicKey(peerPublicKey);
  if (algorithm !== identity.algorithm) {
    throw new Error(`peer identity is ${algorithm}, ours is ${identity.algorithm}`);
  }
  const peer = await subtle.importKey('raw', copyBytes(peerPublicKey), importParams(algorithm), false, []);
  const name = algorithm === 'X25519' ? 'X25519' : 'ECDH';
  return subtle.deriveBits({ name, public: peer }, identity.privateKey, 256);
}
