import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CSRF_HEADER, SessionView, SetupStatus, UserList } from '@samtale/protocol';
import { issueSetupToken } from '../admin/setup-token.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  TEST_PASSWORD,
  addUser,
  authHeaders,
  logIn,
  sessionCookieOf,
  setUpAdmin,
  startTestApp,
  uniqueEmail,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

function errorCode(body: string): string {
  return ApiError.parse(JSON.parse(body)).error.code;
}

describe.each(storageBackends())('setup, login and roles on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('reports that setup is needed, refuses a wrong setup token, and creates the first admin only once', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/setup/status' });
    expect(SetupStatus.parse(status.json())).toEqual({ isSetupNeeded: true });

    await issueSetupToken(opened.storage);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        setupToken: 'x'.repeat(43),
        organisationName: 'Klinikk',
        email: uniqueEmail(),
        displayName: 'Eve',
        password: TEST_PASSWORD,
      },
    });
    expect(wrong.statusCode).toBe(403);
    expect(errorCode(wrong.body)).toBe('SETUP_TOKEN_INVALID');

    admin = await setUpAdmin(t, opened.storage);
    expect(admin.user).toMatchObject({ role: 'admin', organisationName: 'Testklinikken', displayName: 'Ada Admin' });

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        setupToken: await issueSetupToken(opened.storage),
        organisationName: 'X',
        email: uniqueEmail(),
        displayName: 'Mallory',
        password: TEST_PASSWORD,
      },
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again.body)).toBe('SETUP_ALREADY_DONE');
    expect(SetupStatus.parse((await t.app.inject({ method: 'GET', url: '/api/setup/status' })).json())).toEqual({
      isSetupNeeded: false,
    });
  });

  it('logs in with the right password, sets a safe session cookie, and knows who is logged in', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.user.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^samtale_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('Path=/');
    const session = SessionView.parse(response.json());
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookieOf(response) },
    });
    expect(SessionView.parse(me.json())).toEqual(session);
    const stored = await opened.storage.db.selectFrom('sessions').select('tokenHash').execute();
    const token = sessionCookieOf(response).split('=')[1] ?? '';
    expect(stored.map((s) => s.tokenHash)).not.toContain(token);
  });

  it('answers a wrong password and an unknown email alike, with LOGIN_FAILED, and audits the failure', async () => {
    const before = (await opened.storage.audit.list()).filter((e) => e.action === 'login_failed').length;
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.user.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: uniqueEmail(), password: 'whatever' },
    });
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(errorCode(r.body)).toBe('LOGIN_FAILED');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const after = (await opened.storage.audit.list()).filter((e) => e.action === 'login_failed').length;
    expect(after - before).toBe(2);
  });

  it('locks an account for a while after five failed logins, even with the right password, then lets it in again', async () => {
    const clinician = await addUser(t, admin);
    for (let i = 0; i < 5; i += 1) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: clinician.user.email, password: 'wrong password' },
      });
      expect(r.statusCode).toBe(401);
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinician.user.email, password: TEST_PASSWORD },
    });
    expect(limited.statusCode).toBe(429);
    const body = ApiError.parse(limited.json());
    expect(body.error.code).toBe('LOGIN_RATE_LIMITED');
    expect(body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(limited.headers['retry-after']).toBe(String(body.error.retryAfterSeconds));

    t.clock.advance((body.error.retryAfterSeconds ?? 0) * 1000);
    await expect(logIn(t, clinician.user.email)).resolves.toMatchObject({ user: { id: clinician.user.id } });
  });

  it('limits failed logins from one address across many emails', async () => {
    for (let i = 0; i < 20; i += 1) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '203.0.113.7',
        payload: { email: uniqueEmail(), password: 'guess' },
      });
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.7',
      payload: { email: admin.user.email, password: TEST_PASSWORD },
    });
    expect(errorCode(limited.body)).toBe('LOGIN_RATE_LIMITED');
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.8',
      payload: { email: admin.user.email, password: TEST_PASSWORD },
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('counts parallel wrong passwords before verifying them: of 15 at once for one account, 5 are checked and 10 refused with 429', async () => {
    const clinician = await addUser(t, admin);
    const responses = await Promise.all(
      Array.from({ length: 15 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '198.51.100.15',
          payload: { email: clinician.user.email, password: 'wrong password' },
        }),
      ),
    );
    const codes = responses.map((r) => errorCode(r.body));
    expect(codes.filter((c) => c === 'LOGIN_FAILED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_RATE_LIMITED')).toHaveLength(10);
  });

  it('counts parallel guesses from one address before verifying them: of 40 at once, 20 are checked and 20 refused with 429', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '198.51.100.40',
          payload: { email: uniqueEmail(), password: 'guess' },
        }),
      ),
    );
    const codes = responses.map((r) => errorCode(r.body));
    expect(codes.filter((c) => c === 'LOGIN_FAILED')).toHaveLength(20);
    expect(codes.filter((c) => c === 'LOGIN_RATE_LIMITED')).toHaveLength(20);
  });

  it('does not lock out of a shared address an account that logged in from it before: its right password still works while unknown pairs get 429, and its own limit of 5 still holds', async () => {
    const shared = '198.51.100.77';
    const colleague = await addUser(t, admin);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: shared,
      payload: { email: colleague.user.email, password: TEST_PASSWORD },
    });
    expect(first.statusCode).toBe(200);
    // An attacker behind the same proxy sprays until the address is limited.
    for (let i = 0; i < 20; i += 1) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: shared,
        payload: { email: uniqueEmail(), password: 'guess' },
      });
    }
    const stranger = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: shared,
      payload: { email: uniqueEmail(), password: 'guess' },
    });
    expect(errorCode(stranger.body)).toBe('LOGIN_RATE_LIMITED');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: shared,
      payload: { email: colleague.user.email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    // Guessing that account's password from the shared address is still braked per account.
    const guesses = [];
    for (let i = 0; i < 6; i += 1) {
      guesses.push(
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: shared,
          payload: { email: colleague.user.email, password: 'wrong password' },
        }),
      );
    }
    expect(guesses.map((r) => errorCode(r.body))).toEqual([
      ...Array<string>(5).fill('LOGIN_FAILED'),
      'LOGIN_RATE_LIMITED',
    ]);
  });

  it('behind a proxy named in TRUST_PROXY counts the forwarded client, so one client behind it limits only itself', async () => {
    const proxied = await startTestApp(opened.storage, { TRUST_PROXY: '127.0.0.1' });
    try {
      for (let i = 0; i < 20; i += 1) {
        await proxied.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'x-forwarded-for': '192.0.2.66' },
          payload: { email: uniqueEmail(), password: 'guess' },
        });
      }
      const attacker = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': '192.0.2.66' },
        payload: { email: admin.user.email, password: TEST_PASSWORD },
      });
      expect(errorCode(attacker.body)).toBe('LOGIN_RATE_LIMITED');
      const colleague = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': '192.0.2.67' },
        payload: { email: admin.user.email, password: TEST_PASSWORD },
      });
      expect(colleague.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a login posted from another site', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: admin.user.email, password: TEST_PASSWORD },
    });
    expect(errorCode(r.body)).toBe('FORBIDDEN');
  });

  it('refuses a cookie-authenticated write without the CSRF header or with a wrong one, and changes nothing', async () => {
    const countBefore = (await opened.storage.users.listByOrganisation(admin.user.organisationId)).length;
    const payload = { email: uniqueEmail(), displayName: 'Nils', role: 'clinician', password: TEST_PASSWORD };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload,
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, [CSRF_HEADER]: 'forged' },
      payload,
    });
    for (const r of [missing, wrong]) {
      expect(r.statusCode).toBe(403);
      expect(errorCode(r.body)).toBe('CSRF_INVALID');
    }
    expect((await opened.storage.users.listByOrganisation(admin.user.organisationId)).length).toBe(countBefore);
  });

  it('lets only admins list and create users', async () => {
    const clinician = await addUser(t, admin);
    const list = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: admin.cookie } });
    expect(UserList.parse(list.json()).users.map((u) => u.id)).toContain(clinician.user.id);

    const asClinician = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: clinician.cookie } });
    expect(errorCode(asClinician.body)).toBe('FORBIDDEN');
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: authHeaders(clinician),
      payload: { email: uniqueEmail(), displayName: 'X', role: 'admin', password: TEST_PASSWORD },
    });
    expect(errorCode(create.body)).toBe('FORBIDDEN');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(errorCode(anonymous.body)).toBe('UNAUTHENTICATED');
    const audit = await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: clinician.cookie } });
    expect(errorCode(audit.body)).toBe('FORBIDDEN');
  });

  it('refuses a second user with an existing email', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: authHeaders(admin),
      payload: { email: admin.user.email, displayName: 'Twin', role: 'clinician', password: TEST_PASSWORD },
    });
    expect(r.statusCode).toBe(409);
    expect(errorCode(r.body)).toBe('EMAIL_TAKEN');
  });

  it('logs out: the cookie is cleared, the session no longer works, and logout is audited', async () => {
    const clinician = await addUser(t, admin);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: authHeaders(clinician) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/samtale_session=;/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: clinician.cookie } });
    expect(errorCode(me.body)).toBe('UNAUTHENTICATED');
    const [latest] = await opened.storage.audit.list({ limit: 1 });
    expect(latest).toMatchObject({ action: 'logout', actorUserId: clinician.user.id });
  });

  it('ends a session when it expires', async () => {
    const clinician = await addUser(t, admin);
    t.clock.advance(t.config.sessionTtlHours * 3_600_000 + 1000);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: clinician.cookie } });
    expect(errorCode(me.body)).toBe('UNAUTHENTICATED');
  });
});
