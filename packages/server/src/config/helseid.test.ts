import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'samtale-helseid-config-'));
const privateKey = path.join(dir, 'private.jwk.json');
const publicKey = path.join(dir, 'public.jwk.json');
writeFileSync(privateKey, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }));
writeFileSync(publicKey, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }));

const VALID = {
  PUBLIC_URL: 'https://samtale.example.no',
  HELSEID_ISSUER: 'https://helseid-sts.test.nhn.no',
  HELSEID_CLIENT_ID: 'samtale-test',
  HELSEID_PRIVATE_KEY_FILE: privateKey,
  IDENTITY_HMAC_KEY: 'a'.repeat(32),
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

describe('HelseID configuration', () => {
  it('is off without any HELSEID_ variable', () => {
    expect(loadConfig({}).helseId).toBeNull();
  });

  it('derives the redirect URLs from PUBLIC_URL and uses the default scopes', () => {
    const config = loadConfig(VALID);
    expect(config.helseId).toMatchObject({
      issuer: 'https://helseid-sts.test.nhn.no',
      redirectUrl: 'https://samtale.example.no/api/auth/helseid/callback',
      postLogoutRedirectUrl: 'https://samtale.example.no/login',
    });
    expect(config.helseId?.scopes).toContain('helseid://scopes/hpr/hpr_number');
  });

  it('names every missing variable when only some are set', () => {
    const problems = problemsOf({ HELSEID_ISSUER: 'https://helseid-sts.test.nhn.no' });
    expect(problems.join('\n')).toMatch(/HELSEID_CLIENT_ID/);
    expect(problems.join('\n')).toMatch(/HELSEID_PRIVATE_KEY_FILE/);
  });

  it('refuses an http issuer that is not on this machine, a public key, and an unreadable file', () => {
    expect(problemsOf({ ...VALID, HELSEID_ISSUER: 'http://helseid.example' })).toEqual([
      expect.stringMatching(/^HELSEID_ISSUER: must be an https/),
    ]);
    expect(problemsOf({ ...VALID, HELSEID_PRIVATE_KEY_FILE: publicKey })).toEqual([
      expect.stringMatching(/^HELSEID_PRIVATE_KEY_FILE: is a public key/),
    ]);
    expect(problemsOf({ ...VALID, HELSEID_PRIVATE_KEY_FILE: path.join(dir, 'missing.json') })).toEqual([
      expect.stringMatching(/^HELSEID_PRIVATE_KEY_FILE: cannot read/),
    ]);
    expect(problemsOf({ ...VALID, HELSEID_ISSUER: 'http://127.0.0.1:4010' })).toEqual([]);
  });
});
