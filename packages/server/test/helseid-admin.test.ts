/**
 * The admin's HelseID panel API (issue 8): the configuration it shows (issuer and client id,
 * never the key), registering a member by HPR number (a second registration of the number is
 * refused, nothing stored), and each user's HelseID state on the user list.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, HelseIdAdminView, UserList } from '@samtale/protocol';
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

let fx: IdpFixture;
let opened: OpenedStorage;
let t: TestApp;
let admin: TestSession;

beforeAll(async () => {
  fx = await startIdpFixture('helseid', `${TEST_PUBLIC_URL}/api/auth/helseid/callback`, `${TEST_PUBLIC_URL}/login`);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  opened = await pgliteBackend.open();
  t = await startTestApp(opened.storage, {
    HELSEID_ISSUER: fx.idp.issuer,
    HELSEID_CLIENT_ID: fx.clientId,
    HELSEID_PRIVATE_KEY_FILE: fx.keyFile.path,
    IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
  });
  admin = await setUpAdmin(t, opened.storage);
});
afterEach(async () => {
  await t.close();
  await opened.dispose();
});

const register = (hprNumber: string, email: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/admin/helseid/members',
    headers: authHeaders(admin),
    payload: { email, displayName: 'Kari Lege Nordmann', role: 'clinician', hprNumber },
  });

describe('the HelseID admin panel', () => {
  it('shows the issuer and client id, never the private key', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/admin/helseid', headers: authHeaders(admin) });
    expect(r.statusCode).toBe(200);
    const view = HelseIdAdminView.parse(r.json());
    expect(view).toMatchObject({ isConfigured: true, issuer: fx.idp.issuer, clientId: fx.clientId, members: [] });
    const key = JSON.parse(readFileSync(fx.keyFile.path, 'utf8')) as { d: string };
    expect(r.body).not.toContain(key.d);
    expect(r.body).not.toContain(fx.keyFile.path);
  });

  it('registers a member by HPR number, shows them as not yet linked, and refuses the number a second time', async () => {
    expect((await register('565505933', 'kari@klinikken.no')).statusCode).toBe(201);
    const again = await register('565505933', 'noen@klinikken.no');
    expect(again.statusCode).toBe(409);
    expect(ApiError.parse(again.json()).error.code).toBe('HELSEID_ALREADY_LINKED');
    const users = UserList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/users', headers: authHeaders(admin) })).json(),
    ).users;
    expect(users.map((u) => u.email).sort()).toEqual([admin.user.email, 'kari@klinikken.no'].sort());
    expect(users.find((u) => u.email === 'kari@klinikken.no')?.helseId).toEqual({
      hprNumber: '565505933',
      isLinked: false,
    });
    expect(users.find((u) => u.email === admin.user.email)?.helseId).toBeNull();
  });
});
