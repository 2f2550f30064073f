/**
 * Retention periods and the compliance overview as an administrator sees them, and client IP
 * addresses kept out of the logs (issue 8).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  COMPLIANCE_CHECKS,
  ComplianceReport,
  RETENTION_BOUNDS,
  RETENTION_CATEGORIES,
  RetentionView,
  type RetentionSettings,
} from '@samtale/protocol';
import { complianceReport } from '../retention/compliance-report.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

const CLIENT_IP = '203.0.113.77';

describe.each(storageBackends())('retention and compliance API on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage, {
      TURN_SECRET: 'a-long-enough-turn-secret',
      TURN_URLS: 'turn:turn.samtale.test:3478,turns:turn.samtale.test:443?transport=tcp',
    });
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  // Always JSON, whatever the value (a bare string would otherwise go as text/plain).
  const put = (payload: unknown, session: TestSession = admin) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/admin/retention',
      headers: { ...authHeaders(session), 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const view = async (): Promise<RetentionView> => {
    const r = await t.app.inject({ method: 'GET', url: '/api/admin/retention', headers: { cookie: admin.cookie } });
    expect(r.statusCode).toBe(200);
    return RetentionView.parse(r.json());
  };

  it('shows the documented defaults until an admin changes them, and keeps the change', async () => {
    const first = await view();
    expect(first.isCustomised).toBe(false);
    expect(first.settings).toEqual(first.defaults);
    expect(first.defaults.consultationNames).toBe(RETENTION_BOUNDS.consultationNames.default);
    expect(first.defaults.appointmentContacts).toBe(t.config.contactRetentionDays);

    const chosen: RetentionSettings = { ...first.defaults, consultationNames: 14, auditEvents: 1825 };
    const r = await put(chosen);
    expect(r.statusCode).toBe(200);
    expect(RetentionView.parse(r.json())).toMatchObject({ settings: chosen, isCustomised: true });
    expect((await view()).settings).toEqual(chosen);
    const [event] = await opened.storage.audit.list({ action: 'retention_changed' });
    expect(event?.actorUserId).toBe(admin.user.id);
  });

  it('lets only administrators read or change the periods and read the overview', async () => {
    const current = (await view()).settings;
    expect((await put(current, clinician)).statusCode).toBe(403);
    for (const url of ['/api/admin/retention', '/api/admin/compliance']) {
      expect((await t.app.inject({ method: 'GET', url, headers: { cookie: clinician.cookie } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    const noCsrf = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/retention',
      headers: { cookie: admin.cookie },
      payload: current,
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('accepts every period within its bounds and refuses anything else with a code, storing nothing', async () => {
    const inBounds = fc.record(
      Object.fromEntries(
        RETENTION_CATEGORIES.map((c) => [
          c,
          fc.integer({ min: RETENTION_BOUNDS[c].min, max: RETENTION_BOUNDS[c].max }),
        ]),
      ) as Record<keyof RetentionSettings, fc.Arbitrary<number>>,
    );
    const anyValue = fc.oneof(
      fc.integer({ min: -1000, max: 200_000 }),
      fc.double(),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
    );
    const badBody = fc.oneof(
      // One category out of its bounds.
      fc
        .tuple(inBounds, fc.constantFrom(...RETENTION_CATEGORIES), fc.boolean(), fc.integer({ min: 1, max: 1000 }))
        .map(([s, c, isBelow, by]) => ({
          ...s,
          [c]: isBelow ? RETENTION_BOUNDS[c].min - by : RETENTION_BOUNDS[c].max + by,
        })),
      // Wrong shapes: junk values, missing categories, not an object.
      fc.tuple(inBounds, fc.constantFrom(...RETENTION_CATEGORIES), anyValue).map(([s, c, v]) => ({ ...s, [c]: v })),
      fc.tuple(inBounds, fc.constantFrom(...RETENTION_CATEGORIES)).map(([s, c]) => {
        const { [c]: _gone, ...rest } = s;
        return rest;
      }),
      fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(inBounds, badBody), async (body) => {
        const before = (await view()).settings;
        const r = await put(body);
        const isValid =
          typeof body === 'object' &&
          body !== null &&
          !Array.isArray(body) &&
          RETENTION_CATEGORIES.every((c) => {
            const v = (body as Record<string, unknown>)[c];
            return (
              Number.isInteger(v) &&
              (v as number) >= RETENTION_BOUNDS[c].min &&
              (v as number) <= RETENTION_BOUNDS[c].max
            );
          });
        if (isValid) {
          expect(r.statusCode).toBe(200);
          expect((await view()).settings).toEqual(body);
        } else {
          expect(r.statusCode).toBe(400);
          expect(['RETENTION_OUT_OF_BOUNDS', 'VALIDATION_FAILED']).toContain(ApiError.parse(r.json()).error.code);
          expect((await view()).settings).toEqual(before);
        }
      }),
      { numRuns: 60, seed: 8016 },
    );
    const tooShort = await put({ ...(await view()).settings, auditEvents: RETENTION_BOUNDS.auditEvents.min - 1 });
    expect(ApiError.parse(tooShort.json()).error.code).toBe('RETENTION_OUT_OF_BOUNDS');
  });

  it('reports what is configured and what is missing, live', async () => {
    await opened.storage.retention.purge({ at: t.clock.now, defaults: (await view()).defaults, isDryRun: false });
    const r = await t.app.inject({ method: 'GET', url: '/api/admin/compliance', headers: { cookie: admin.cookie } });
    expect(r.statusCode).toBe(200);
    const report = ComplianceReport.parse(r.json());
    expect(report.checks.map((c) => c.id)).toEqual([...COMPLIANCE_CHECKS]);
    const state = (id: string) => report.checks.find((c) => c.id === id);
    expect(state('httpsPublicUrl')).toMatchObject({ state: 'ok', detail: 'samtale.test' });
    expect(state('turnConfigured')).toMatchObject({ state: 'ok' });
    expect(JSON.stringify(report)).not.toContain('a-long-enough-turn-secret');
    expect(state('smtpConfigured')?.state).toBe('missing');
    expect(state('helseIdConfigured')?.state).toBe('missing');
    expect(state('idPortenConfigured')?.state).toBe('missing');
    // Neither the admin nor the clinician has a passkey or a linked HelseID.
    expect(state('memberStrongLogin')).toMatchObject({ state: 'missing', detail: '0/2' });
    expect(state('retentionSettings')?.state).toBe('ok');
    expect(state('auditChain')?.state).toBe('ok');
    expect(state('ipLogging')?.state).toBe('ok');
    expect(state('lastPurge')?.state).toBe('ok');
  });

  it('counts a member with a linked HelseID as a strong login, and names the ID-porten issuer where configured', async () => {
    const { user } = clinician;
    await opened.storage.helseIdMembers.register(user.id, '565505933', t.clock.now);
    // Only the issuer is read; the rest of ID-porten's settings do not matter here.
    const idporten = { issuer: 'https://idporten.no' } as unknown as NonNullable<typeof t.config.idporten>;
    const before = await complianceReport({ ...t.config, idporten }, opened.storage, user.organisationId, t.clock.now);
    // Registered but not linked yet: not strong.
    expect(before.checks.find((c) => c.id === 'memberStrongLogin')).toMatchObject({ state: 'missing' });
    expect(before.checks.find((c) => c.id === 'idPortenConfigured')).toEqual({
      id: 'idPortenConfigured',
      state: 'ok',
      detail: 'idporten.no',
    });
    await opened.storage.helseIdMembers.link(
      user.id,
      { hprNumber: '565505933', pidPseudonymHmac: 'a'.repeat(64) },
      t.clock.now,
    );
    const after = await complianceReport(t.config, opened.storage, user.organisationId, t.clock.now);
    expect(after.checks.find((c) => c.id === 'memberStrongLogin')).toMatchObject({ state: 'partial', detail: '1/2' });
  });

  it('keeps client IP addresses out of the request logs', async () => {
    t.logs.length = 0;
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: CLIENT_IP,
      payload: { email: 'nobody@example.no', password: TEST_PASSWORD },
    });
    await t.app.inject({ method: 'GET', url: '/api/admin/compliance', remoteAddress: CLIENT_IP });
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.some((line) => line.includes('"reqId"'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(CLIENT_IP);
    expect(t.logs.join('\n')).not.toContain('remoteAddress');
  });
});

describe('LOG_CLIENT_IP', () => {
  it('puts the client address in request logs only when turned on for debugging', async () => {
    const [backend] = storageBackends();
    if (backend === undefined) throw new TypeError('no storage backend');
    const opened = await backend.open();
    const t = await startTestApp(opened.storage, { LOG_CLIENT_IP: 'true' });
    try {
      await t.app.inject({ method: 'GET', url: '/api/admin/compliance', remoteAddress: CLIENT_IP });
      expect(t.logs.join('\n')).toContain(`"remoteAddress":"${CLIENT_IP}"`);
    } finally {
      await t.close();
      await opened.dispose();
    }
  });
});
