import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ApiError,
  CreatedConsultation,
  JournalFacts,
  JournalSettingsView,
  type BillingCode,
  type BillingTable,
} from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';
import { defaultBillingTable } from '../billing/default-billing-table.ts';

const errorCode = (body: string): string => ApiError.parse(JSON.parse(body)).error.code;

const CODE: BillingCode = {
  profession: 'LE',
  code: '2ae',
  label: 'E-konsultasjon',
  conditions: { video: true, evening: false },
  source: 'Normaltariffen 2026/27, kapittel 2',
  sourceDate: '2026-07-01',
  isConfirmed: true,
};

describe.each(storageBackends())('journal facts and billing settings on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  const putSettings = (session: TestSession, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/admin/journal-settings',
      headers: authHeaders(session),
      payload: payload as object,
    });

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('gives the host the facts of the call (times, roles, kind, table) and no label or other text', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(clinician),
      payload: { label: 'Kontroll etter hjerteinfarkt' },
    });
    const { consultation } = CreatedConsultation.parse(created.json());
    const storage = opened.storage;
    const at = (minutes: number) => new Date(t.clock.now.getTime() + minutes * 60_000);
    const base = { consultationId: consultation.id, waitingSince: null, consentedAt: null, invitationId: null };
    await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'host',
      displayName: 'Kari Klinikar',
      identification: { kind: 'local-account', hasPasskey: false },
      pidHmac: null,
      userId: clinician.user.id,
      state: 'left',
      firstJoinedAt: at(0),
      lastLeftAt: at(20),
    });
    const patient = await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'patient',
      displayName: 'Ola Pasient',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      state: 'left',
      firstJoinedAt: at(1),
      lastLeftAt: at(20),
    });
    await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'interpreter',
      displayName: 'Tolk',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      state: 'waiting',
      firstJoinedAt: null,
      lastLeftAt: null,
    });
    await storage.consultations.markStarted(consultation.id, at(1));
    await storage.consultations.markEnded(consultation.id, at(20));
    // The patient consented in the browser (the text by hash), as the summary must state.
    const textHash = 'b'.repeat(64);
    await storage.consents.add({
      consultationId: consultation.id,
      participantId: patient.id,
      decision: 'given',
      method: 'browser',
      textHash,
      language: 'nb',
      recordedByUserId: null,
      at: at(1),
    });

    const r = await t.app.inject({
      method: 'GET',
      url: `/api/consultations/${consultation.id}/journal-facts`,
      headers: { cookie: clinician.cookie },
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('hjerteinfarkt');
    const facts = JournalFacts.parse(r.json());
    expect(facts).toMatchObject({
      consultationId: consultation.id,
      kind: 'consultation',
      status: 'ended',
      startedAt: at(1).toISOString(),
      endedAt: at(20).toISOString(),
      appointment: null,
      organisationName: 'Testklinikken',
      host: { role: 'host', displayName: 'Kari Klinikar', hprNumber: null, profession: null },
      epjFhirUrl: null,
    });
    // Only who took part: the interpreter who never came in is not in the facts.
    expect(facts.participants.map((p) => p.role)).toEqual(['patient']);
    expect(facts.billingTable).toEqual(defaultBillingTable());
    expect(facts.consents).toEqual([{ textHash, language: 'nb', at: at(1).toISOString(), method: 'checkbox' }]);
  });

  it('refuses the facts to other clinicians and to an admin, and to nobody logged in', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: authHeaders(clinician) });
    const { consultation } = CreatedConsultation.parse(created.json());
    const other = await addUser(t, admin);
    const url = `/api/consultations/${consultation.id}/journal-facts`;
    for (const cookie of [other.cookie, admin.cookie]) {
      const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(r.statusCode).toBe(403);
      expect(errorCode(r.body)).toBe('FORBIDDEN');
    }
    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(errorCode(anonymous.body)).toBe('UNAUTHENTICATED');
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/consultations/${randomUUID()}/journal-facts`,
      headers: { cookie: clinician.cookie },
    });
    expect(errorCode(unknown.body)).toBe('CONSULTATION_NOT_FOUND');
  });

  it('lets the admin save the EPJ endpoint and a table, which the facts and the summary page CSP then use', async () => {
    const table: BillingTable = { ...defaultBillingTable(), codes: [CODE] };
    const saved = await putSettings(admin, { epjFhirUrl: 'https://epj.example.no/fhir/R4', billingTable: table });
    expect(saved.statusCode).toBe(200);
    expect(JournalSettingsView.parse(saved.json())).toMatchObject({
      epjFhirUrl: 'https://epj.example.no/fhir/R4',
      isDefaultTable: false,
      billingTable: table,
    });
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/admin/journal-settings',
      headers: { cookie: admin.cookie },
    });
    expect(JournalSettingsView.parse(read.json()).billingTable.codes).toEqual([CODE]);

    const page = await t.app.inject({
      method: 'GET',
      url: `/summary/${randomUUID()}`,
      headers: { cookie: clinician.cookie, accept: 'text/html' },
    });
    const connect = /connect-src ([^;]*)/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(connect).toBe("'self' wss://samtale.test https://epj.example.no");
    // Any other page keeps the strict policy: the EPJ origin is for the summary page alone.
    const home = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: clinician.cookie, accept: 'text/html' },
    });
    expect(/connect-src ([^;]*)/.exec(String(home.headers['content-security-policy']))?.[1]).toBe(
      "'self' wss://samtale.test",
    );
    const audit = await opened.storage.audit.list({ action: 'journal_settings_changed' });
    expect(audit[0]).toMatchObject({ actorUserId: admin.user.id, details: { codes: 1 } });
  });

  it('refuses bad EPJ addresses and bad tables with their codes, keeping what was saved', async () => {
    const table = defaultBillingTable();
    await putSettings(admin, { epjFhirUrl: 'https://epj.example.no/fhir', billingTable: table });
    for (const url of [
      'http://epj.example.no/fhir',
      'https://user:pw@epj.example.no/fhir',
      'https://epj.example.no/fhir?x=1',
      'https://epj.example.no/fhir#x',
      "https://epj.example.no; script-src 'unsafe-inline'",
      'javascript:alert(1)',
      42,
    ]) {
      const r = await putSettings(admin, { epjFhirUrl: url, billingTable: table });
      expect(r.statusCode, String(url)).toBe(400);
      expect(errorCode(r.body)).toBe('EPJ_URL_INVALID');
    }
    const badTables: unknown[] = [
      null,
      { ...table, version: 2 },
      { ...table, codes: [{ ...CODE, code: '2 ae' }] },
      { ...table, codes: [{ ...CODE, profession: 'lege' }] },
      { ...table, codes: [{ ...CODE, sourceDate: '2026-13-01' }] },
      { ...table, codes: [{ ...CODE, source: '' }] },
      { ...table, codes: [{ ...CODE, conditions: { minDurationMinutes: 30, maxDurationMinutes: 10 } }] },
      { ...table, codes: [CODE, CODE] },
      { ...table, eveningHours: { ...table.eveningHours, from: '25:00' } },
    ];
    for (const billingTable of badTables) {
      const r = await putSettings(admin, { epjFhirUrl: null, billingTable });
      expect(r.statusCode).toBe(400);
      expect(errorCode(r.body)).toBe('BILLING_TABLE_INVALID');
    }
    const read = JournalSettingsView.parse(
      (
        await t.app.inject({ method: 'GET', url: '/api/admin/journal-settings', headers: { cookie: admin.cookie } })
      ).json(),
    );
    expect(read).toMatchObject({ epjFhirUrl: 'https://epj.example.no/fhir', billingTable: table });
  });

  it('answers any body with 200 or a coded 400, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.oneof(fc.string(), fc.webUrl(), fc.constant(null)),
        async (billingTable, epjFhirUrl) => {
          const r = await putSettings(admin, { epjFhirUrl, billingTable });
          expect([200, 400]).toContain(r.statusCode);
          if (r.statusCode === 400)
            expect(['EPJ_URL_INVALID', 'BILLING_TABLE_INVALID', 'VALIDATION_FAILED']).toContain(errorCode(r.body));
        },
      ),
      { numRuns: 60, seed: 9019 },
    );
  });

  it('lets only admins read or change the settings', async () => {
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/admin/journal-settings',
      headers: { cookie: clinician.cookie },
    });
    expect(errorCode(read.body)).toBe('FORBIDDEN');
    const write = await putSettings(clinician, { epjFhirUrl: null, billingTable: defaultBillingTable() });
    expect(errorCode(write.body)).toBe('FORBIDDEN');
  });
});
