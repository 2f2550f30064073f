/** A relying party's key pair for private_key_jwt, written as the private JWK file the server reads. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ClientKeyFile {
  /** The private JWK file (HELSEID_PRIVATE_KEY_FILE). */
  readonly path: string;
  readonly privateJwk: JWK;
  /** What one registers with the provider. */
  readonly publicJwk: JWK;
}

/** Generates an ES256 key and writes its private JWK to `dir/name` (mode 0600). */
export async function createClientKeyFile(dir: string, name: string): Promise<ClientKeyFile> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `rp-${randomBytes(4).toString('hex')}`;
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const file = path.join(dir, name);
  writeFileSync(file, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
  return { path: file, privateJwk, publicJwk };
}
