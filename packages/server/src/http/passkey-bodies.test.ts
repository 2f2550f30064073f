/**
 * Property test: the passkey routes, given malformed or forged JSON bodies (random values, valid
 * shapes with wrong bytes, oversized fields), answer each with a catalogued 4xx — and no passkey
 * or session is ever stored from them.
 */
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ERROR_CATALOGUE } from '@samtale/protocol';
import { pgliteBackend, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';
import { startPasskeyLogin } from '../../test/helpers/passkey-flows.ts';

const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const anyValue = fc.oneof(fc.jsonValue(), b64url, fc.string({ maxLength: 3000 }), fc.constant(null));
const credentialShape = fc.record(
  {
    id: fc.oneof(b64url, anyValue),
    rawId: fc.oneof(b64url, anyValue),
    type: fc.oneof(fc.constant('public-key'), anyValue),
    response: fc.record(
      {
        clientDataJSON: fc.oneof(b64url, anyValue),
        attestationObject: fc.oneof(b64url, anyValue),
        authenticatorData: fc.oneof(b64url, anyValue),
        signature: fc.oneof(b64url, anyValue),
        userHandle: fc.oneof(b64url, anyValue),
        transports: fc.oneof(fc.array(fc.constantFrom('usb', 'internal', 'x')), anyValue),
      },
      { requiredKeys: [] },
    ),
    clientExtensionResults: fc.oneof(fc.constant({}), anyValue),
  },
  { requiredKeys: [] },
);
const bodies = fc.oneof(
  fc.record({ credential: credentialShape }),
  fc.record(
    { name: fc.oneof(fc.string({ maxLength: 100 }), anyValue), credential: credentialShape },
    { requiredKeys: [] },
  ),
  fc.record({ requiresPasskey: anyValue }),
  fc.record({ password: anyValue }),
  fc.jsonValue(),
);

describe('malformed passkey bodies', () => {
  let opened: OpenedStorage;
  let t: TestApp;
  let member: TestSession;
  let admin: TestSession;

  beforeAll(async () => {
    opened = await pgliteBackend.open();
    t = await startTestApp(opened.storage, { LOG_LEVEL: 'warn' });
    admin = await setUpAdmin(t, opened.storage);
    member = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  async function counts() {
    const n = async (table: string) =>
      Number(
        (await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(opened.storage.db))
          .rows[0]?.n,
      );
    return { passkeys: await n('passkey_credentials'), sessions: await n('sessions') };
  }

  it('answers every one with a catalogued client error and stores no passkey or session', async () => {
    // The registration route has a live challenge, the login route a pre-login cookie: bodies get past those checks.
    await t.app.inject({ method: 'POST', url: '/api/passkeys/options', headers: authHeaders(member), payload: {} });
    const { cookie } = await startPasskeyLogin(t);
    const before = await counts();
    const routes = [
      { url: '/api/passkeys', headers: authHeaders(member) },
      { url: '/api/auth/passkey/login', headers: { cookie } },
      { url: '/api/passkeys/settings', headers: authHeaders(member) },
      { url: `/api/users/${member.user.id}/reset-credentials`, headers: authHeaders(admin) },
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: routes.length - 1 }), bodies, async (i, body) => {
        const route = routes[i];
        if (!route) throw new TypeError('no route');
        // A well-formed settings or reset body is valid, not malformed.
        fc.pre(!(i === 2 && typeof (body as { requiresPasskey?: unknown } | null)?.requiresPasskey === 'boolean'));
        fc.pre(!(i === 3 && typeof (body as { password?: unknown } | null)?.password === 'string'));
        const response = await t.app.inject({
          method: 'POST',
          url: route.url,
          headers: route.headers,
          payload: JSON.stringify(body) ?? '',
        });
        const parsed = ApiError.safeParse(JSON.parse(response.body));
        expect(parsed.success, response.body).toBe(true);
        if (!parsed.success) return;
        expect(response.statusCode).toBe(ERROR_CATALOGUE[parsed.data.error.code].status);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    expect(await counts()).toEqual(before);
    expect(await opened.storage.audit.verify()).toBeNull();
  }, 120_000);
});
