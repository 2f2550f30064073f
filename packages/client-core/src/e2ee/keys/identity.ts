import { copyBytes, fromBase64Url, toBase64Url, toHex } from '../bytes.ts';

/** An identity key algorithm: X25519 where WebCrypto has it, P-256 ECDH everywhere. */
export type IdentityAlgorithm = 'X25519' | 'P-256';

export interface IdentityKeyPair {
  algorithm: IdentityAlgorithm;
  privateKey: CryptoKey;
  /** Raw public key: 32 bytes (X25519) or 65 bytes (P-256, uncompressed). */
  publicKey: Uint8Array<ArrayBuffer>;
}

/**
 * Our identity for one call: a P-256 key pair always (every browser's WebCrypto has it) and an
 * X25519 pair where WebCrypto has that too. A pair of participants uses X25519 when both have
 * it, P-256 otherwise, so a call can mix browsers with and without X25519 (docs/E2EE-SCHEME.md).
 */
export interface Identity {
  x25519: IdentityKeyPair | null;
  p256: IdentityKeyPair;
}

/** A participant's published identity public keys (raw); a peer of an earlier version may lack P-256. */
export interface PublicIdentity {
  x25519: Uint8Array<ArrayBuffer> | null;
  p256: Uint8Array<ArrayBuffer> | null;
}

/** The fields of the `e2eeIdentity` signal that carry the keys. */
export interface IdentityWire {
  /** The preferred key: X25519 when we have it, else P-256. */
  publicKey: string;
  /** The P-256 key, sent beside an X25519 `publicKey` for peers without X25519. */
  p256PublicKey?: string | undefined;
}

const X25519_LENGTH = 32;
const P256_LENGTH = 65;

function importParams(algorithm: IdentityAlgorithm): EcKeyImportParams | Algorithm {
  return algorithm === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
}

async function generatePair(subtle: SubtleCrypto, algorithm: IdentityAlgorithm): Promise<IdentityKeyPair> {
  const pair = (await subtle.generateKey(importParams(algorithm), false, ['deriveBits'])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return { algorithm, privateKey: pair.privateKey, publicKey };
}

/** A fresh per-call identity; the private keys never leave WebCrypto. Throws without P-256. */
export async function generateIdentity(subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<Identity> {
  const p256 = await generatePair(subtle, 'P-256');
  let x25519: IdentityKeyPair | null = null;
  try {
    x25519 = await generatePair(subtle, 'X25519');
  } catch {
    // This WebCrypto has no X25519 (older Safari and Firefox): P-256 alone serves every pair.
  }
  return { x25519, p256 };
}

/** What we publish of an identity. */
export function publicIdentityOf(identity: Identity): PublicIdentity {
  return { x25519: identity.x25519?.publicKey ?? null, p256: identity.p256.publicKey };
}

export function encodePublicIdentity(identity: Identity): IdentityWire {
  const p256 = toBase64Url(identity.p256.publicKey);
  if (identity.x25519 === null) return { publicKey: p256 };
  return { publicKey: toBase64Url(identity.x25519.publicKey), p256PublicKey: p256 };
}

/**
 * Reads a peer's published keys; null when malformed. A peer of an earlier version may send one
 * X25519 key only: then only X25519 is possible with it (and a P-256-only participant fails).
 */
export function decodePublicIdentity(wire: IdentityWire): PublicIdentity | null {
  const preferred = fromBase64Url(wire.publicKey);
  const p256 = wire.p256PublicKey === undefined ? null : fromBase64Url(wire.p256PublicKey);
  if (p256 !== null && p256.length !== P256_LENGTH) return null;
  if (preferred.length === X25519_LENGTH) return { x25519: preferred, p256 };
  if (preferred.length === P256_LENGTH && p256 === null) return { x25519: null, p256: preferred };
  return null;
}

/** Every public key of an identity, for the verification code (which covers all of them). */
export function publicKeysOf(identity: PublicIdentity): Uint8Array[] {
  const keys: Uint8Array[] = [];
  if (identity.x25519 !== null) keys.push(identity.x25519);
  if (identity.p256 !== null) keys.push(identity.p256);
  return keys;
}

/** Hex of every public key: equal exactly when the identities are the same. */
export function fingerprintOf(identity: PublicIdentity): string {
  return publicKeysOf(identity).map(toHex).join(':');
}

/**
 * The key pair (ours) and public key (theirs) a pair of participants agrees on: X25519 when both
 * have it, else P-256. Both sides compute the same choice from what each published. Null when
 * the two have no algorithm in common.
 */
export function pairKeys(
  ours: Identity,
  theirs: PublicIdentity,
): { pair: IdentityKeyPair; peerPublicKey: Uint8Array } | null {
  if (ours.x25519 !== null && theirs.x25519 !== null) return { pair: ours.x25519, peerPublicKey: theirs.x25519 };
  if (theirs.p256 !== null) return { pair: ours.p256, peerPublicKey: theirs.p256 };
  return null;
}

/** ECDH between one of our key pairs and a peer's raw public key of the same algorithm: 32 shared bytes. */
export async function sharedSecret(
  pair: IdentityKeyPair,
  peerPublicKey: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<ArrayBuffer> {
  const expected = pair.algorithm === 'X25519' ? X25519_LENGTH : P256_LENGTH;
  if (peerPublicKey.length !== expected) throw new TypeError(`a ${pair.algorithm} public key has ${expected} bytes`);
  const peer = await subtle.importKey('raw', copyBytes(peerPublicKey), importParams(pair.algorithm), false, []);
  const name = pair.algorithm === 'X25519' ? 'X25519' : 'ECDH';
  return subtle.deriveBits({ name, public: peer }, pair.privateKey, 256);
}
