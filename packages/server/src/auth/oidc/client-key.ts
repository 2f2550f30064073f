/**
 * The relying party's private key for `private_key_jwt` (HelseID allows no other client
 * authentication), read from a JWK file. What is registered with Norsk helsenett or Digdir is
 * its public half (`publicJwk`).
 */
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

/** A signing key as openid-client's PrivateKeyJwt takes it, with the JWK's public half. */
export interface ClientKey {
  readonly key: webcrypto.CryptoKey;
  readonly kid: string | undefined;
  readonly alg: 'ES256' | 'PS256' | 'RS256';
  readonly publicJwk: webcrypto.JsonWebKey;
}

/** Why a key file cannot be used; the message names the file's problem, never the key. */
export class ClientKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientKeyError';
  }
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

function algorithmOf(jwk: webcrypto.JsonWebKey): ClientKey['alg'] {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) return 'ES256';
  if (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'PS256')) return 'PS256';
  if (jwk.kty === 'RSA' && jwk.alg === 'RS256') return 'RS256';
  throw new ClientKeyError('must be an EC P-256 (ES256) or RSA (PS256, RS256) private key in JWK form');
}

/** Parses a private JWK (JSON text) into a non-extractable signing key. */
export async function parseClientKey(text: string): Promise<ClientKey> {
  let jwk: webcrypto.JsonWebKey & { kid?: string };
  try {
    jwk = JSON.parse(text) as webcrypto.JsonWebKey & { kid?: string };
  } catch (err) {
    throw new ClientKeyError('is not JSON (expected a private JWK)', { cause: err });
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new ClientKeyError('is not a JWK object');
  }
  if (typeof jwk.d !== 'string') throw new ClientKeyError('has no private part ("d"): give the private JWK');
  const alg = algorithmOf(jwk);
  const importAlgorithm =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: alg === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const { key_ops: _ops, ext: _ext, ...usable } = jwk;
  let key: webcrypto.CryptoKey;
  try {
    key = await webcrypto.subtle.importKey('jwk', usable, importAlgorithm, false, ['sign']);
  } catch (err) {
    throw new ClientKeyError('could not be imported as a signing key', { cause: err });
  }
  const publicJwk: webcrypto.JsonWebKey & { kid?: string } = { ...usable };
  for (const member of PRIVATE_MEMBERS) delete publicJwk[member];
  return { key, kid: jwk.kid, alg, publicJwk: { ...publicJwk, alg, use: 'sig' } };
}

/** Reads and parses the private JWK at `path`. */
export async function loadClientKey(path: string): Promise<ClientKey> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ClientKeyError('cannot be read', { cause: err });
  }
  return parseClientKey(text);
}
