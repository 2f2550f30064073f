/**
 * HelseID login through the app against a real provider (oidc-provider, HelseID profile): a
 * registered member gets a session with level, HPR number and profession; every refusal is
 * coded, sends the browser to the login page, and creates no session.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { SessionView } from '@samtale/protocol';
import type { KyselyStorage } from '../src/storage/create-storage.ts';
import { IdpBrowser } from './helpers/idp/IdpBrowser.ts';
import { providerTap, resigned, tampered, type ProviderTap } from './helpers/idp/forge.ts';
import { startIdpFixture, type IdpFixture } from './helpers/idp/rp-fixture.ts';
import { pgliteBackend, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  authHeaders,
  setUpAdmin,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestApp,
  type TestSession,
} from './helpers/test-app.ts';

const REDIRECT = `${TEST_PUBLIC_URL}/api/auth/helseid/callback`;
const KARI_HPR = '565505933';

let fx: IdpFixture;
let opened: OpenedStorage;
let storage: KyselyStorage;
let t: TestApp;
let tap: ProviderTap;
let admin: TestSession;

beforeAll(async () => {
  fx = await startIdpFixture('helseid', REDIRECT, `${TEST_PUBLIC_URL}/login`);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  opened = await pgliteBackend.open();
  storage = opened.storage;
  tap = providerTap();
  t = await startTestApp(
    storage,
    {
      HELSEID_ISSUER: fx.idp.issuer,
      HELSEID_CLIENT_ID: fx.clientId,
      HELSEID_PRIVATE_KEY_FILE: fx.keyFile.path,
      IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
    },
    { helseId: { fetch: tap.fetch } },
  );
  admin = await setUpAdmin(t, storage);
});
afterEach(async () => {
  await t.close();
  await opened.dispose();
});

async function sessionCount(): Promise<number> {
  const row = await storage.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  const cookie = response.cookies.find((c) => c.name === name && c.value !== '');
  return cookie && `${cookie.name}=${cookie.value}`;
}

/** The browser's part: start at the app, log in at the provider as `person`, come back with the callback. */
async function loginAtProvider(person: string): Promise<{ oidcCookie: string; callback: URL }> {
  const start = await t.app.inject({ method: 'GET', url: '/api/auth/helseid/start' });
  expect(start.statusCode).toBe(303);
  const url = new URL(String(start.headers.location));
  expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  const oidcCookie = cookieOf(start, 'samtale_oidc');
  if (oidcCookie === undefined) throw new TypeError('no pending-login cookie');
  return { oidcCookie, callback: await new IdpBrowser().login(url, REDIRECT, person) };
}

async function callback(oidcCookie: string | null, callbackUrl: URL): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'GET',
    url: `/api/auth/helseid/callback${callbackUrl.search}`,
    headers: oidcCookie === null ? {} : { cookie: oidcCookie },
  });
}

function expectRefused(response: LightMyRequestResponse, code: string): void {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe(`${TEST_PUBLIC_URL}/login?error=${code}`);
  expect(cookieOf(response, 'samtale_session')).toBeUndefined();
}

async function registerKari(): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/admin/helseid/members',
    headers: authHeaders(admin),
    payload: { email: 'kari@klinikken.no', displayName: 'Kari Lege Nordmann', role: 'clinician', hprNumber: KARI_HPR },
  });
  expect(response.statusCode).toBe(201);
}

describe('HelseID login', () => {
  it('logs a registered level-4 clinician in with HelseID, level, HPR number and profession on the session', async () => {
    await registerKari();
    const { oidcCookie, callback: cb } = await loginAtProvider('helseid-kari');
    const done = await callback(oidcCookie, cb);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${TEST_PUBLIC_URL}/`);
    const session = cookieOf(done, 'samtale_session');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: String(session) } });
    const view = SessionView.parse(me.json());
    expect(view.user.email).toBe('kari@klinikken.no');
    expect(view.loginMethod).toEqual({ method: 'helseid', securityLevel: 4, hprNumber: KARI_HPR, profession: 'Lege' });
    // The pseudonym is kept only as an HMAC.
    const stored = await storage.db.selectFrom('helseidMembers').selectAll().executeTakeFirstOrThrow();
    expect(stored.pidPseudonymHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('p7bT0aVq');
    // Logging out ends the local session and points the browser at HelseID's end-session endpoint.
    const csrf = view.csrfToken;
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: String(session), 'x-csrf-token': csrf, origin: TEST_PUBLIC_URL },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json<{ endSessionUrl: string }>().endSessionUrl).toContain(`${fx.idp.issuer}/session/end`);
    expect(await sessionCount()).toBe(1); // the admin's
  });

  it('provisions a level-3 member with the role the admin set, and carries level 3', async () => {
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/helseid/provisioning',
      headers: authHeaders(admin),
      payload: { isEnabled: true, role: 'clinician' },
    });
    expect(set.statusCode).toBe(200);
    const { oidcCookie, callback: cb } = await loginAtProvider('helseid-ola');
    const done = await callback(oidcCookie, cb);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: String(cookieOf(done, 'samtale_session')) },
    });
    const view = SessionView.parse(me.json());
    expect(view.user.role).toBe('clinician');
    expect(view.loginMethod).toMatchObject({ method: 'helseid', securityLevel: 3, hprNumber: '565501872' });
  });

  it('refuses an unknown HelseID user without provisioning with HELSEID_MEMBER_UNKNOWN', async () => {
    const { oidcCookie, callback: cb } = await loginAtProvider('helseid-kari');
    expectRefused(await callback(oidcCookie, cb), 'HELSEID_MEMBER_UNKNOWN');
    expect(await sessionCount()).toBe(1);
  });
});

describe('HelseID refusals (nothing stored)', () => {
  beforeEach(registerKari);

  it('refuses a callback with another state', async () => {
    const { oidcCookie, callback: cb } = await loginAtProvider('helseid-kari');
    cb.searchParams.set('state', 'not-the-state');
    expectRefused(await callback(oidcCookie, cb), 'OIDC_LOGIN_INVALID');
    expect(await sessionCount()).toBe(1);
  });

  it('refuses a callback from a browser without the pending-login cookie', async () => {
    const { callback: cb } = await loginAtProvider('helseid-kari');
    expectRefused(await callback(null, cb), 'OIDC_LOGIN_INVALID');
  });

  it('refuses the same authorization code a second time', async () => {
    const { oidcCookie, callback: cb } = await loginAtProvider('helseid-kari');
    expect((await callback(oidcCookie, cb)).headers.location).toBe(`${TEST_PUBLIC_URL}/`);
    expectRefused(await callback(oidcCookie, cb), 'OIDC_LOGIN_INVALID');
    expect(await sessionCount()).toBe(2); // the admin's and the first login's
  });

  const forgeries: [string, (key: typeof fx.idp.signingKey) => ProviderTap['changeIdToken']][] = [
    [
      'a tampered ID token',
      () => tampered((c) => ({ ...c, 'helseid://claims/identity/security_level': '4', name: 'Mallory' })),
    ],
    ['an ID token with a wrong nonce', (key) => resigned(key, (c) => ({ ...c, nonce: 'another-nonce' }))],
    ['an ID token for another client (aud)', (key) => resigned(key, (c) => ({ ...c, aud: 'another-client' }))],
    ['an ID token from another issuer', (key) => resigned(key, (c) => ({ ...c, iss: 'https://evil.example' }))],
    [
      'an expired ID token',
      (key) =>
        resigned(key, (c) => ({
          ...c,
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 3600,
        })),
    ],
  ];
  for (const [name, forge] of forgeries) {
    it(`refuses ${name} with OIDC_TOKEN_INVALID`, async () => {
      const { oidcCookie, callback: cb } = await loginAtProvider('helseid-kari');
      tap.changeIdToken = forge(fx.idp.signingKey);
      expectRefused(await callback(oidcCookie, cb), 'OIDC_TOKEN_INVALID');
      expect(tap.changeIdToken).toBeNull();
      expect(await sessionCount()).toBe(1);
    });
  }

  it('refuses a replayed DPoP proof at the token endpoint (the provider answers invalid_dpop_proof)', async () => {
    const first = await loginAtProvider('helseid-kari');
    await callback(first.oidcCookie, first.callback);
    const proof = tap.tokenProofs.at(-1);
    expect(proof).toBeDefined();
    const second = await loginAtProvider('helseid-kari');
    tap.replayProof = proof ?? null;
    expectRefused(await callback(second.oidcCookie, second.callback), 'OIDC_LOGIN_REFUSED');
    expect(await sessionCount()).toBe(2);
  });
});
