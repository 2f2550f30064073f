/**
 * "Koble til HelseID" (issue 8): a member logged in with a local account links the HelseID person
 * who logs in next, in the same browser. The callback brings the browser back to /account with
 * the outcome (`helseid=linked`, or the error's code), never to the login page: a refused link
 * leaves the member's own session as it was.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { RedirectView, SessionView } from '@samtale/protocol';
import { IdpBrowser } from './helpers/idp/IdpBrowser.ts';
import { startIdpFixture, type IdpFixture } from './helpers/idp/rp-fixture.ts';
import { pgliteBackend, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestApp,
  type TestSession,
} from './helpers/test-app.ts';

const REDIRECT = `${TEST_PUBLIC_URL}/api/auth/helseid/callback`;

let fx: IdpFixture;
let opened: OpenedStorage;
let t: TestApp;
let admin: TestSession;

beforeAll(async () => {
  fx = await startIdpFixture('helseid', REDIRECT, `${TEST_PUBLIC_URL}/login`);
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

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  const cookie = response.cookies.find((c) => c.name === name && c.value !== '');
  return cookie && `${cookie.name}=${cookie.value}`;
}

/** The member starts the link step on /account, logs in at the provider as `person`, and comes back. */
async function linkAs(member: TestSession, person: string): Promise<LightMyRequestResponse> {
  const start = await t.app.inject({
    method: 'POST',
    url: '/api/auth/helseid/link',
    headers: { ...authHeaders(member), origin: TEST_PUBLIC_URL },
    payload: {},
  });
  expect(start.statusCode).toBe(200);
  const oidcCookie = cookieOf(start, 'samtale_oidc');
  if (oidcCookie === undefined) throw new TypeError('no pending-login cookie');
  const callback = await new IdpBrowser().login(new URL(RedirectView.parse(start.json()).url), REDIRECT, person);
  return t.app.inject({
    method: 'GET',
    url: `/api/auth/helseid/callback${callback.search}`,
    headers: { cookie: `${member.cookie}; ${oidcCookie}` },
  });
}

async function me(cookie: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
}

describe('linking a local account to HelseID', () => {
  it('comes back to /account?helseid=linked with a HelseID session of the same member, shown as linked', async () => {
    const member = await addUser(t, admin);
    const done = await linkAs(member, 'helseid-ola');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${TEST_PUBLIC_URL}/account?helseid=linked`);
    const session = cookieOf(done, 'samtale_session');
    expect(session).toBeDefined();
    const view = SessionView.parse((await me(String(session))).json());
    expect(view.user.id).toBe(member.user.id);
    expect(view.user.helseId).toEqual({ hprNumber: '565501872', isLinked: true });
    expect(view.loginMethod).toMatchObject({ method: 'helseid', securityLevel: 3 });
    // The password session the step started from is ended (the login changed).
    expect((await me(member.cookie)).statusCode).toBe(401);
  });

  it('comes back to /account with the code when the person is linked to another member, and keeps the session', async () => {
    const first = await addUser(t, admin);
    await linkAs(first, 'helseid-ola');
    const second = await addUser(t, admin);
    const done = await linkAs(second, 'helseid-ola');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${TEST_PUBLIC_URL}/account?error=HELSEID_ALREADY_LINKED`);
    expect(cookieOf(done, 'samtale_session')).toBeUndefined();
    const view = SessionView.parse((await me(second.cookie)).json());
    expect(view.user.helseId).toBeNull();
  });
});
