/**
 * A software WebAuthn authenticator for server tests: ES256 keys from node:crypto, attestation
 * "none", authenticator data and CBOR built by hand per WebAuthn §6.1 and RFC 8949, so the server
 * is tested against the bytes a real authenticator sends — and against deliberately wrong ones.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | { [key: string]: Cbor };

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** Deterministic CBOR of the few types WebAuthn needs (RFC 8949 §3). */
export function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const entries: [Cbor, Cbor][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  publicKeyCose: Buffer;
  userHandle: string;
  counter: number;
}

export interface AssertOverrides {
  /** The signature counter to report (default: the credential's, plus one). */
  counter?: number;
  origin?: string;
  rpId?: string;
  challenge?: string;
  isUserVerified?: boolean;
  /** Report this credential id instead (e.g. one the server never saw). */
  credentialId?: string;
  /** Sign with this key instead of the credential's. */
  signingKey?: KeyObject;
  userHandle?: string | null;
}

export class SoftAuthenticator {
  readonly rpId: string;
  readonly origin: string;
  readonly credentials: SoftCredential[] = [];

  constructor(origin: string) {
    this.origin = origin;
    this.rpId = new URL(origin).hostname;
  }

  #rpIdHash(rpId: string): Buffer {
    return createHash('sha256').update(rpId).digest();
  }

  #authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    return Buffer.concat([this.#rpIdHash(rpId), Buffer.from([flags]), c, ...(attested ? [attested] : [])]);
  }

  /** navigator.credentials.create: a new discoverable ES256 credential for `options`. */
  create(options: { challenge: string; user: { id: string } }, overrides: { origin?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (jwk.x === undefined || jwk.y === undefined) throw new TypeError('EC key without coordinates');
    const publicKeyCose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );
    const rawId = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, rawId, publicKeyCose]);
    // Flags: UP (0x01), UV (0x04), AT (0x40).
    const authData = this.#authData(this.rpId, 0x45, 0, attested);
    const clientData = {
      type: 'webauthn.create',
      challenge: options.challenge,
      origin: overrides.origin ?? this.origin,
      crossOrigin: false,
    };
    const credential: SoftCredential = {
      id: b64url(rawId),
      privateKey,
      publicKeyCose,
      userHandle: options.user.id,
      counter: 0,
    };
    this.credentials.push(credential);
    return {
      credential,
      response: {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key' as const,
        response: {
          clientDataJSON: b64url(JSON.stringify(clientData)),
          attestationObject: b64url(cbor({ fmt: 'none', attStmt: {}, authData })),
          transports: ['internal'],
        },
        authenticatorAttachment: 'platform' as const,
        clientExtensionResults: {},
      },
    };
  }

  /** navigator.credentials.get with `credential`, answering `options.challenge`. */
  assert(credential: SoftCredential, options: { challenge: string }, overrides: AssertOverrides = {}) {
    const counter = overrides.counter ?? credential.counter + 1;
    credential.counter = Math.max(credential.counter, counter);
    const flags = overrides.isUserVerified === false ? 0x01 : 0x05;
    const authData = this.#authData(overrides.rpId ?? this.rpId, flags, counter);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: overrides.challenge ?? options.challenge,
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
    const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    const signature = sign('sha256', signed, overrides.signingKey ?? credential.privateKey);
    const id = overrides.credentialId ?? credential.id;
    const userHandle = overrides.userHandle === undefined ? credential.userHandle : overrides.userHandle;
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    };
  }
}
