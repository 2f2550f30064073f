import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'samtale-idporten-config-'));
const privateKey = path.join(dir, 'private.jwk.json');
const publicKey = path.join(dir, 'public.jwk.json');
writeFileSync(privateKey, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }));
writeFileSync(publicKey, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }));

const VALID = {
  PUBLIC_URL: 'https://samtale.example.no',
  IDPORTEN_ISSUER: 'https://test.idporten.no/',
  IDPORTEN_CLIENT_ID: 'samtale-test',
  IDPORTEN_PRIVATE_KEY_FILE: privateKey,
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('ID-porten configuration', () => {
  it('is off without any IDPORTEN_ variable', () => {
    expect(loadConfig({}).idporten).toBeNull();
  });

  it('derives the redirect URL from PUBLIC_URL and asks for openid profile', () => {
    expect(loadConfig(VALID).idporten).toEqual({
      issuer: 'https://test.idporten.no',
      clientId: 'samtale-test',
      privateKeyFile: privateKey,
      redirectUrl: 'https://samtale.example.no/api/auth/idporten/callback',
      scopes: ['openid', 'profile'],
    });
  });

  it('names every missing variable when only some are set', () => {
    expect(problemsOf({ IDPORTEN_ISSUER: 'https://test.idporten.no' })).toEqual([
      'IDPORTEN_CLIENT_ID: needs to be set to use ID-porten (set all of IDPORTEN_ISSUER, IDPORTEN_CLIENT_ID, IDPORTEN_PRIVATE_KEY_FILE)',
      'IDPORTEN_PRIVATE_KEY_FILE: needs to be set to use ID-porten (set all of IDPORTEN_ISSUER, IDPORTEN_CLIENT_ID, IDPORTEN_PRIVATE_KEY_FILE)',
    ]);
  });

  it('refuses an http issuer elsewhere, a public key, an unreadable file and scopes without openid', () => {
    expect(problemsOf({ ...VALID, IDPORTEN_ISSUER: 'http://idporten.example' })).toEqual([
      'IDPORTEN_ISSUER: must be an https:// URL (http:// only for a provider on this machine)',
    ]);
    expect(problemsOf({ ...VALID, IDPORTEN_PRIVATE_KEY_FILE: publicKey })).toEqual([
      'IDPORTEN_PRIVATE_KEY_FILE: is a public key; give the private JWK',
    ]);
    expect(problemsOf({ ...VALID, IDPORTEN_PRIVATE_KEY_FILE: path.join(dir, 'missing.json') })[0]).toMatch(
      /^IDPORTEN_PRIVATE_KEY_FILE: cannot read /,
    );
    expect(problemsOf({ ...VALID, IDPORTEN_SCOPES: 'profile' })).toEqual(['IDPORTEN_SCOPES: must include openid']);
  });

  it('accepts the local test provider over http on this machine', () => {
    expect(loadConfig({ ...VALID, IDPORTEN_ISSUER: 'http://127.0.0.1:4011' }).idporten?.issuer).toBe(
      'http://127.0.0.1:4011',
    );
  });
});
