/**
 * Passkeys through the real API with a software authenticator (test/helpers/SoftAuthenticator):
 * registration, passwordless login, the second factor, and every way an assertion is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasskeyList, SessionView, UserView } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  TEST_PASSWORD,
  TEST_PUBLIC_URL,
  addUser,
  authHeaders,
  logIn,
  sessionCookieOf,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';
import { SoftAuthenticator } from '../../test/helpers/SoftAuthenticator.ts';
import {
  errorCodeOf,
  postAssertion,
  registerPasskey,
  startPasskeyLogin,
  startSecondFactor,
} from '../../test/helpers/passkey-flows.ts';
import { sha256Hex } from '../auth/tokens.ts';

describe.each(storageBackends())('passkeys on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage, { LOG_LEVEL: 'warn' });
    admin = await setUpAdmin(t, opened.storage);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  async function loginMethodOf(response: { cookies: { name: string; value: string }[] }) {
    const token = response.cookies.find((c) => c.name === 'samtale_session')?.value ?? '';
    return (await opened.storage.sessions.findLive(sha256Hex(token), t.clock.now))?.session.loginMethod;
  }

  it('registers a named passkey, lists it, and logs in with it alone (a passkey session)', async () => {
    const member = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const { credential, view } = await registerPasskey(t, member, authenticator, 'Mobilen');
    expect(view).toMatchObject({ name: 'Mobilen', lastUsedAt: null });

    const list = await t.app.inject({ method: 'GET', url: '/api/passkeys', headers: { cookie: member.cookie } });
    expect(PasskeyList.parse(list.json())).toMatchObject({ passkeys: [{ id: view.id }], requiresPasskey: false });

    const { challenge, cookie } = await startPasskeyLogin(t);
    const response = await postAssertion(t, authenticator.assert(credential, { challenge }), cookie);
    expect(response.statusCode, response.body).toBe(200);
    expect(SessionView.parse(response.json()).user).toMatchObject({ id: member.user.id, passkeyCount: 1 });
    expect(await loginMethodOf(response)).toEqual({ method: 'passkey' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookieOf(response) },
    });
    expect(me.statusCode).toBe(200);
    const events = await opened.storage.audit.list({ actor: member.user.id, action: 'passkey_registered' });
    expect(events).toHaveLength(1);
  });

  it('with "krev passnøkkel", the right password makes no session until the passkey answers', async () => {
    const member = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const { credential } = await registerPasskey(t, member, authenticator);
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/passkeys/settings',
      headers: authHeaders(member),
      payload: { requiresPasskey: true },
    });
    expect(PasskeyList.parse(set.json()).requiresPasskey).toBe(true);

    const password = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: member.user.email, password: TEST_PASSWORD },
    });
    expect(password.statusCode).toBe(200);
    expect(password.cookies.find((c) => c.name === 'samtale_session')).toBeUndefined();
    expect(password.json()).toMatchObject({ secondFactor: 'passkey' });

    const step = await startSecondFactor(t, member.user.email, TEST_PASSWORD);
    expect(step.allowed).toEqual([credential.id]);
    const response = await postAssertion(
      t,
      authenticator.assert(credential, { challenge: step.challenge }),
      step.cookie,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await loginMethodOf(response)).toEqual({ method: 'passkey' });

    // The last passkey stays while it is required; turning the requirement on needs one.
    const removeLast = await t.app.inject({
      method: 'POST',
      url: `/api/passkeys/${(await opened.storage.passkeys.findByCredentialId(credential.id))?.id}/delete`,
      headers: authHeaders(member),
      payload: {},
    });
    expect(errorCodeOf(removeLast)).toBe('PASSKEY_NEEDED');
    const other = await addUser(t, admin);
    const noPasskey = await t.app.inject({
      method: 'POST',
      url: '/api/passkeys/settings',
      headers: authHeaders(other),
      payload: { requiresPasskey: true },
    });
    expect(errorCodeOf(noPasskey)).toBe('PASSKEY_NEEDED');
  });

  it('refuses an answer to another challenge, a missing or reused challenge, and a foreign origin or RP ID', async () => {
    const member = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const { credential } = await registerPasskey(t, member, authenticator);

    const first = await startPasskeyLogin(t);
    const wrong = await postAssertion(
      t,
      authenticator.assert(credential, { challenge: 'b3RoZXItY2hhbGxlbmdl' }),
      first.cookie,
    );
    expect(errorCodeOf(wrong)).toBe('PASSKEY_INVALID');
    // The challenge was taken by that attempt: the right answer to it now comes too late.
    const late = await postAssertion(t, authenticator.assert(credential, { challenge: first.challenge }), first.cookie);
    expect(errorCodeOf(late)).toBe('PASSKEY_CHALLENGE_INVALID');

    const noCookie = await postAssertion(t, authenticator.assert(credential, { challenge: first.challenge }), null);
    expect(errorCodeOf(noCookie)).toBe('PASSKEY_CHALLENGE_INVALID');

    const replayed = await startPasskeyLogin(t);
    const assertion = authenticator.assert(credential, { challenge: replayed.challenge });
    expect((await postAssertion(t, assertion, replayed.cookie)).statusCode).toBe(200);
    expect(errorCodeOf(await postAssertion(t, assertion, replayed.cookie))).toBe('PASSKEY_CHALLENGE_INVALID');

    const foreign = await startPasskeyLogin(t);
    const phished = authenticator.assert(
      credential,
      { challenge: foreign.challenge },
      { origin: 'https://evil.example' },
    );
    expect(errorCodeOf(await postAssertion(t, phished, foreign.cookie))).toBe('PASSKEY_INVALID');
    const otherRp = await startPasskeyLogin(t);
    const rp = authenticator.assert(credential, { challenge: otherRp.challenge }, { rpId: 'evil.example' });
    expect(errorCodeOf(await postAssertion(t, rp, otherRp.cookie))).toBe('PASSKEY_INVALID');

    const expired = await startPasskeyLogin(t);
    t.clock.advance(6 * 60_000);
    const tooLate = authenticator.assert(credential, { challenge: expired.challenge });
    expect(errorCodeOf(await postAssertion(t, tooLate, expired.cookie))).toBe('PASSKEY_CHALLENGE_INVALID');
  });

  it('refuses a signed assertion whose counter did not move forward (replay or clone), and a forged signature', async () => {
    const member = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const { credential } = await registerPasskey(t, member, authenticator);
    const ok = await startPasskeyLogin(t);
    expect(
      (await postAssertion(t, authenticator.assert(credential, { challenge: ok.challenge }, { counter: 7 }), ok.cookie))
        .statusCode,
    ).toBe(200);

    const again = await startPasskeyLogin(t);
    const replay = authenticator.assert(credential, { challenge: again.challenge }, { counter: 7 });
    expect(errorCodeOf(await postAssertion(t, replay, again.cookie))).toBe('PASSKEY_COUNTER_INVALID');
    const lower = await startPasskeyLogin(t);
    const clone = authenticator.assert(credential, { challenge: lower.challenge }, { counter: 3 });
    expect(errorCodeOf(await postAssertion(t, clone, lower.cookie))).toBe('PASSKEY_COUNTER_INVALID');

    // A forged assertion with a low counter is refused as invalid: it cannot raise the clone alarm.
    const forged = await startPasskeyLogin(t);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const bad = authenticator.assert(
      credential,
      { challenge: forged.challenge },
      { counter: 1, signingKey: privateKey },
    );
    expect(errorCodeOf(await postAssertion(t, bad, forged.cookie))).toBe('PASSKEY_INVALID');

    const stored = await opened.storage.passkeys.findByCredentialId(credential.id);
    expect(stored?.counter).toBe(7);
    const failed = await opened.storage.audit.list({ actor: member.user.id, action: 'login_failed' });
    expect(failed.map((e) => e.details['code'])).toEqual([
      'PASSKEY_INVALID',
      'PASSKEY_COUNTER_INVALID',
      'PASSKEY_COUNTER_INVALID',
    ]);
  });

  it('refuses an unknown credential, and another member’s passkey as the second factor', async () => {
    const alice = await addUser(t, admin);
    const bob = await addUser(t, admin);
    const aliceKey = new SoftAuthenticator(TEST_PUBLIC_URL);
    const bobKey = new SoftAuthenticator(TEST_PUBLIC_URL);
    await registerPasskey(t, alice, aliceKey);
    const bobs = await registerPasskey(t, bob, bobKey);
    await t.app.inject({
      method: 'POST',
      url: '/api/passkeys/settings',
      headers: authHeaders(alice),
      payload: { requiresPasskey: true },
    });

    const unknown = await startPasskeyLogin(t);
    const stranger = new SoftAuthenticator(TEST_PUBLIC_URL);
    const never = stranger.create({ challenge: 'eA', user: { id: 'eA' } }).credential;
    expect(errorCodeOf(await postAssertion(t, stranger.assert(never, unknown), unknown.cookie))).toBe(
      'PASSKEY_UNKNOWN',
    );

    const step = await startSecondFactor(t, alice.user.email, TEST_PASSWORD);
    const response = await postAssertion(t, bobKey.assert(bobs.credential, { challenge: step.challenge }), step.cookie);
    expect(response.statusCode).toBe(401);
    expect(errorCodeOf(response)).toBe('PASSKEY_WRONG_ACCOUNT');
    expect(response.cookies.find((c) => c.name === 'samtale_session')).toBeUndefined();

    // Bob's passkey presenting Alice's user handle is not Alice, nor Bob.
    const handle = await startPasskeyLogin(t);
    const swapped = bobKey.assert(bobs.credential, handle, {
      userHandle: Buffer.from(alice.user.id).toString('base64url'),
    });
    expect(errorCodeOf(await postAssertion(t, swapped, handle.cookie))).toBe('PASSKEY_WRONG_ACCOUNT');
  });

  it('brakes passkey guessing with the login limiter', async () => {
    const member = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const { credential } = await registerPasskey(t, member, authenticator);
    for (let i = 0; i < 5; i += 1) {
      const { cookie } = await startPasskeyLogin(t);
      const wrong = authenticator.assert(credential, { challenge: 'd3Jvbmc' });
      expect(errorCodeOf(await postAssertion(t, wrong, cookie))).toBe('PASSKEY_INVALID');
    }
    const { challenge, cookie } = await startPasskeyLogin(t);
    const right = await postAssertion(t, authenticator.assert(credential, { challenge }), cookie);
    expect(right.statusCode).toBe(429);
    expect(errorCodeOf(right)).toBe('LOGIN_RATE_LIMITED');
    t.clock.advance(16 * 60_000);
  });

  it('lets a member remove their own passkey only, with CSRF, and an admin reset removes all and ends sessions', async () => {
    const member = await addUser(t, admin);
    const other = await addUser(t, admin);
    const authenticator = new SoftAuthenticator(TEST_PUBLIC_URL);
    const one = await registerPasskey(t, member, authenticator, 'Én');
    const two = await registerPasskey(t, member, authenticator, 'To');

    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/passkeys/${one.view.id}/delete`,
      headers: { cookie: member.cookie },
      payload: {},
    });
    expect(errorCodeOf(noCsrf)).toBe('CSRF_INVALID');
    const notTheirs = await t.app.inject({
      method: 'POST',
      url: `/api/passkeys/${one.view.id}/delete`,
      headers: authHeaders(other),
      payload: {},
    });
    expect(errorCodeOf(notTheirs)).toBe('NOT_FOUND');
    const removed = await t.app.inject({
      method: 'POST',
      url: `/api/passkeys/${one.view.id}/delete`,
      headers: authHeaders(member),
      payload: {},
    });
    expect(removed.statusCode).toBe(204);

    const byClinician = await t.app.inject({
      method: 'POST',
      url: `/api/users/${member.user.id}/reset-credentials`,
      headers: authHeaders(other),
      payload: { password: 'a new password 123' },
    });
    expect(errorCodeOf(byClinician)).toBe('FORBIDDEN');
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/users/${member.user.id}/reset-credentials`,
      headers: authHeaders(admin),
      payload: { password: 'a new password 123' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(UserView.parse(reset.json())).toMatchObject({ passkeyCount: 0, requiresPasskey: false });

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: member.cookie } });
    expect(errorCodeOf(me)).toBe('UNAUTHENTICATED');
    const login = await startPasskeyLogin(t);
    const gone = await postAssertion(t, authenticator.assert(two.credential, login), login.cookie);
    expect(errorCodeOf(gone)).toBe('PASSKEY_UNKNOWN');
    await expect(logIn(t, member.user.email)).rejects.toThrow(/LOGIN_FAILED/);
    expect((await logIn(t, member.user.email, 'a new password 123')).user.id).toBe(member.user.id);
    const events = await opened.storage.audit.list({ action: 'credentials_reset' });
    expect(events[0]).toMatchObject({
      actorUserId: admin.user.id,
      details: { userId: member.user.id, passkeysRemoved: 1 },
    });
  });
});

describe('passkeys where PUBLIC_URL cannot be a relying party', () => {
  it('answers PASSKEYS_UNAVAILABLE for an IP address', async () => {
    const { pgliteBackend } = await import('../../test/helpers/storage-backends.ts');
    const opened = await pgliteBackend.open();
    const t = await startTestApp(opened.storage, { PUBLIC_URL: 'http://127.0.0.1:8080', LOG_LEVEL: 'warn' });
    try {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} });
      expect(response.statusCode).toBe(503);
      expect(errorCodeOf(response)).toBe('PASSKEYS_UNAVAILABLE');
    } finally {
      await t.close();
      await opened.dispose();
    }
  });
});
