/**
 * Property test: every write route, given thousands of malformed bodies (random JSON, wrong
 * types, huge strings, non-JSON, wrong content types), answers each with a coded error from the
 * catalogue — and the database is exactly as before.
 */
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as core from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import {
  ApiError,
  CreateConsultationBody,
  CreatedConsultation,
  CreateInvitationBody,
  CreateUserBody,
  ERROR_CATALOGUE,
  InspectInvitationBody,
  LoginBody,
  SetupBody,
} from '@samtale/protocol';
import type { KyselyStorage } from '../storage/create-storage.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

interface WriteRoute {
  url: string;
  schema: core.$ZodType;
  session: TestSession | null;
  /** How the route reads a missing body. */
  missingBodyAs?: unknown;
}

interface Attempt {
  body: string;
  contentType: string;
}

const TABLES = [
  'organisations',
  'users',
  'sessions',
  'consultations',
  'invitations',
  'participants',
  'audit_events',
  'settings',
] as const;

async function snapshot(storage: KyselyStorage): Promise<Record<string, unknown>> {
  const counts: Record<string, unknown> = {};
  for (const table of TABLES) {
    const r = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(storage.db);
    counts[table] = Number(r.rows[0]?.n);
  }
  counts.auditHead = await storage.audit.head();
  return counts;
}

/** True when `attempt` would be a valid request for `route` (those are not malformed; skip them). */
function isValidFor(route: WriteRoute, attempt: Attempt): boolean {
  if (!/^application\/json\b/i.test(attempt.contentType.trim())) return false;
  let value: unknown;
  try {
    value = attempt.body === '' ? route.missingBodyAs : JSON.parse(attempt.body);
  } catch {
    return false;
  }
  return safeParse(route.schema, value).success;
}

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string()),
);
const wrongShapes = fc.oneof(
  fc.record({ email: anyValue, password: anyValue }, { requiredKeys: [] }),
  fc.record({ email: anyValue, displayName: anyValue, role: anyValue, password: anyValue }, { requiredKeys: [] }),
  fc.record(
    { setupToken: anyValue, organisationName: anyValue, email: anyValue, displayName: anyValue, password: anyValue },
    { requiredKeys: [] },
  ),
  fc.record({ label: anyValue }),
  fc.record({ role: anyValue, ttlMinutes: anyValue }, { requiredKeys: [] }),
  fc.record({ token: anyValue }),
  fc.record({
    token: fc.string({ minLength: 257, maxLength: 2000 }),
    label: fc.string({ minLength: 101, maxLength: 500 }),
  }),
);

const attempts: fc.Arbitrary<Attempt> = fc.oneof(
  { weight: 4, arbitrary: wrongShapes.map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })) },
  {
    weight: 3,
    arbitrary: fc.jsonValue().map((v) => ({ body: JSON.stringify(v) ?? '', contentType: 'application/json' })),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: 'application/json' })) },
  {
    weight: 2,
    arbitrary: fc.record({
      body: fc.string({ minLength: 1, maxLength: 200 }),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/html',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 64 * 1024, max: 200 * 1024 })
      .map((n) => ({ body: JSON.stringify({ label: 'x'.repeat(n) }), contentType: 'application/json' })),
  },
);

describe.each(storageBackends())('malformed request bodies on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let routes: WriteRoute[];

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage, { LOG_LEVEL: 'warn' });
    const admin = await setUpAdmin(t, opened.storage);
    const clinician = await addUser(t, admin);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(clinician),
      payload: {},
    });
    const consultationId = CreatedConsultation.parse(created.json()).consultation.id;
    routes = [
      { url: '/api/setup', schema: SetupBody, session: null },
      { url: '/api/auth/login', schema: LoginBody, session: null },
      { url: '/api/users', schema: CreateUserBody, session: admin },
      { url: '/api/consultations', schema: CreateConsultationBody, session: clinician, missingBodyAs: {} },
      { url: `/api/consultations/${consultationId}/invitations`, schema: CreateInvitationBody, session: clinician },
      { url: '/api/invitations/inspect', schema: InspectInvitationBody, session: null },
    ];
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('answers every malformed body to every write route with a catalogued error and changes nothing stored', async () => {
    const before = await snapshot(opened.storage);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 5 }), attempts, async (routeIndex, attempt) => {
        const route = routes[routeIndex];
        if (!route) throw new TypeError('no route');
        fc.pre(!isValidFor(route, attempt));
        const response = await t.app.inject({
          method: 'POST',
          url: route.url,
          headers: { 'content-type': attempt.contentType, ...(route.session ? authHeaders(route.session) : {}) },
          payload: attempt.body,
        });
        const parsed = ApiError.safeParse(JSON.parse(response.body));
        expect(parsed.success, response.body).toBe(true);
        if (!parsed.success) return;
        expect(response.statusCode).toBe(ERROR_CATALOGUE[parsed.data.error.code].status);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 2000 },
    );
    expect(await snapshot(opened.storage)).toEqual(before);
    expect(await opened.storage.audit.verify()).toBeNull();
  }, 180_000);
});
