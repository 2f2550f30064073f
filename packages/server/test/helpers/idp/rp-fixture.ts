/** A test provider with one registered relying party, and the core's settings for it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadClientKey } from '../../../src/auth/oidc/client-key.ts';
import type { OidcClientSettings } from '../../../src/auth/oidc/OidcClient.ts';
import { createClientKeyFile, type ClientKeyFile } from './client-keys.ts';
import { TestIdp } from './TestIdp.ts';
import type { IdpProfile } from './profiles.ts';

export const HELSEID_TEST_SCOPES = [
  'openid',
  'profile',
  'helseid://scopes/identity/pid_pseudonym',
  'helseid://scopes/identity/assurance_level',
  'helseid://scopes/identity/security_level',
  'helseid://scopes/identity/network',
  'helseid://scopes/hpr/hpr_number',
] as const;

export interface IdpFixture {
  readonly idp: TestIdp;
  readonly clientId: string;
  readonly keyFile: ClientKeyFile;
  readonly redirectUri: string;
  settings(overrides?: Partial<OidcClientSettings>): Promise<OidcClientSettings>;
  close(): Promise<void>;
}

/** Starts a provider of `profile` and registers a client that redirects to `redirectUri`. */
export async function startIdpFixture(
  profile: IdpProfile,
  redirectUri = 'http://samtale.test/api/auth/oidc/callback',
  postLogoutRedirectUri = 'http://samtale.test/login',
): Promise<IdpFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'samtale-idp-'));
  const idp = await TestIdp.start({ profile });
  const clientId = `samtale-${profile}`;
  const keyFile = await createClientKeyFile(dir, 'client.jwk.json');
  idp.registerClient({
    clientId,
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [postLogoutRedirectUri],
    jwks: { keys: [keyFile.publicJwk] },
  });
  return {
    idp,
    clientId,
    keyFile,
    redirectUri,
    async settings(overrides = {}) {
      return {
        issuer: idp.issuer,
        clientId,
        clientKey: await loadClientKey(keyFile.path),
        redirectUri,
        postLogoutRedirectUri,
        scopes: profile === 'helseid' ? HELSEID_TEST_SCOPES : ['openid'],
        isDPoP: true,
        isUserInfoFetched: profile === 'helseid',
        ...(profile === 'idporten' ? { acrValues: ['idporten-loa-high'], acceptedAcr: ['idporten-loa-high'] } : {}),
        ...overrides,
      };
    },
    async close() {
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
