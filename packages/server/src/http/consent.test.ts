/**
 * Issue 9 over HTTP (ADR 0018): organisation texts and checklists as immutable versions named by
 * their SHA-256, what the patient's link shows, a consultation's consents and checklist for its
 * host only, and bad bodies (fast-check) refused with a code while nothing stored changes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConsultationChecklist,
  ConsultationConsents,
  CreatedConsultation,
  InvitationInfo,
  OrganisationChecklist,
  PatientTexts,
  PatientTextVersion,
} from '@samtale/protocol';
import { sql } from 'kysely';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

function errorCode(body: string): string {
  return ApiError.parse(JSON.parse(body)).error.code;
}

describe.each(storageBackends())('patient texts, consents and checklists over HTTP on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;
  let colleague: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
    colleague = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  const saveText = (session: TestSession, language: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/admin/patient-texts/${language}`,
      headers: authHeaders(session),
      payload: payload as object,
    });
  const texts = async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/admin/patient-texts', headers: authHeaders(admin) });
    expect(r.statusCode).toBe(200);
    return PatientTexts.parse(r.json());
  };
  const createConsultation = async (session: TestSession) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: authHeaders(session) });
    return CreatedConsultation.parse(r.json());
  };

  it('starts from the default texts, which say it is voluntary, nothing is stored and the journal is written', async () => {
    const { current } = await texts();
    expect(current.map((v) => v.language)).toEqual(['nb', 'nn', 'en']);
    const en = current.find((v) => v.language === 'en');
    expect(en?.isDefault).toBe(true);
    expect(en?.information).toMatch(/voluntary/);
    expect(en?.information).toMatch(/Nothing is recorded/);
    expect(en?.information).toMatch(/journal/);
    expect(en?.information).toMatch(/Headphones/);
  });

  it("saves a version named by the SHA-256 of its canonical body, shows it on the patient's link, and keeps the old one", async () => {
    const before = (await texts()).current.find((v) => v.language === 'nb');
    const r = await saveText(admin, 'nb', {
      information: '# Velkommen\r\nHei  \r\n\r\n\r\n- punkt',
      consent: ' Jeg samtykker. ',
    });
    expect(r.statusCode).toBe(200);
    const saved = PatientTextVersion.parse(r.json());
    // Normalised: line endings, trailing spaces, extra blank lines, surrounding space.
    expect(saved).toMatchObject({
      information: '# Velkommen\nHei\n\n- punkt',
      consent: 'Jeg samtykker.',
      isDefault: false,
    });
    const body = JSON.stringify({
      format: 'samtale.patient-text/1',
      language: 'nb',
      information: saved.information,
      consent: saved.consent,
    });
    expect(saved.hash).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
    // Saving the same words again is the same version.
    const again = PatientTextVersion.parse(
      (await saveText(admin, 'nb', { information: saved.information, consent: saved.consent })).json(),
    );
    expect(again.hash).toBe(saved.hash);
    const { invitation } = await createConsultation(clinician);
    const token = invitation.url?.split('/j/')[1] ?? '';
    const info = InvitationInfo.parse(
      (await t.app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token } })).json(),
    );
    expect(info.texts.find((v) => v.language === 'nb')?.hash).toBe(saved.hash);
    const kept = await opened.storage.documents.get(admin.user.organisationId, before?.hash ?? '');
    expect(kept?.hash).toBe(before?.hash);
  });

  it('never changes a stored version (the database refuses an update)', async () => {
    const { current } = await texts();
    await expect(
      sql`update organisation_document_versions set body = '{}' where hash = ${current[0]?.hash ?? ''}`.execute(
        opened.storage.db,
      ),
    ).rejects.toThrow(/immutable/);
  });

  it('lets only admins edit, refuses an unknown language, and refuses bad bodies with a code, keeping the current text', async () => {
    expect((await saveText(clinician, 'nb', { information: 'x', consent: 'y' })).statusCode).toBe(403);
    expect(errorCode((await saveText(admin, 'de', { information: 'x', consent: 'y' })).body)).toBe('VALIDATION_FAILED');
    const before = await texts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ information: fc.string({ maxLength: 5 }).map((s) => `${s}\u0000`), consent: fc.constant('ok') }),
          fc.record({
            information: fc.constant('ok'),
            consent: fc.string({ minLength: 601, maxLength: 700 }).filter((s) => s.trim().length > 600),
          }),
          fc.record({ information: fc.constantFrom('', '   ', '\n\n'), consent: fc.constant('ok') }),
          fc
            .record({ information: fc.constant('ok'), consent: fc.constant('ok'), extra: fc.anything() })
            .map(({ extra: _e, ...rest }) => ({ ...rest, consent: 42 })),
          fc.anything(),
        ),
        async (payload) => {
          const r = await saveText(admin, 'nn', payload);
          expect([400, 415]).toContain(r.statusCode);
          expect(['VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE']).toContain(errorCode(r.body));
        },
      ),
      { numRuns: 40, seed: 9 },
    );
    expect((await texts()).current).toEqual(before.current);
  });

  it('accepts any well-formed text and shows it back exactly as normalised', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 300 }).filter((s) => /^[^\p{Cc}\p{Cf}]*$/u.test(s) && s.trim() !== ''),
        async (text) => {
          const r = await saveText(admin, 'en', { information: text, consent: text });
          expect(r.statusCode).toBe(200);
          const saved = PatientTextVersion.parse(r.json());
          expect(saved.information).toBe(text.normalize('NFC').trim());
        },
      ),
      { numRuns: 25, seed: 9 },
    );
  });

  it('edits the checklist as versions, refusing duplicate ids and bad items with a code', async () => {
    const get = async () =>
      OrganisationChecklist.parse(
        (await t.app.inject({ method: 'GET', url: '/api/admin/checklist', headers: authHeaders(admin) })).json(),
      );
    const initial = await get();
    expect(initial.current.isDefault).toBe(true);
    expect(initial.current.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'private-room',
        'identity-checked',
        'fallback-phone',
        'interpreter-booked',
        'consent-given',
        'journal-written',
      ]),
    );
    const put = (payload: unknown, session = admin) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/admin/checklist',
        headers: authHeaders(session),
        payload: payload as object,
      });
    expect((await put({ items: [] }, clinician)).statusCode).toBe(403);
    const item = initial.current.items[0];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constant({ items: [item, item] }),
          fc.string().map((id) => ({ items: [{ ...item, id: `${id}!` }] })),
          fc.constantFrom('phase', 'requiredBefore').map((key) => ({ items: [{ ...item, [key]: 'sometime' }] })),
          fc.constant({ items: [{ ...item, label: { ...item?.label, nn: '' } }] }),
          fc.constant({ items: Array.from({ length: 41 }, (_, n) => ({ ...item, id: `i-${n}` })) }),
          fc.anything(),
        ),
        async (payload) => {
          const r = await put(payload);
          expect(r.statusCode).toBe(400);
          expect(errorCode(r.body)).toBe('VALIDATION_FAILED');
        },
      ),
      { numRuns: 30, seed: 9 },
    );
    expect((await get()).current.hash).toBe(initial.current.hash);
    const saved = OrganisationChecklist.parse((await put({ items: initial.current.items.slice(0, 3) })).json());
    expect(saved.current).toMatchObject({ isDefault: false });
    expect(saved.current.items).toHaveLength(3);
  });

  it("lets only the consultation's host read its consents and checklist and tick items, keeping ids and times only", async () => {
    const { consultation } = await createConsultation(clinician);
    const base = `/api/consultations/${consultation.id}`;
    const checklist = ConsultationChecklist.parse(
      (await t.app.inject({ method: 'GET', url: `${base}/checklist`, headers: authHeaders(clinician) })).json(),
    );
    const itemId = checklist.items[0]?.id ?? '';
    // An admin's later edit does not change the consultation's list.
    await t.app.inject({
      method: 'PUT',
      url: '/api/admin/checklist',
      headers: authHeaders(admin),
      payload: { items: [] },
    });
    const tick = (session: TestSession, payload: object, headers = authHeaders(session)) =>
      t.app.inject({ method: 'POST', url: `${base}/checklist/ticks`, headers, payload });
    expect(errorCode((await tick(colleague, { itemId, isTicked: true })).body)).toBe('FORBIDDEN');
    expect((await tick(clinician, { itemId, isTicked: true }, {})).statusCode).toBe(401);
    expect(errorCode((await tick(clinician, { itemId: 'no-such-item', isTicked: true })).body)).toBe(
      'CHECKLIST_ITEM_NOT_FOUND',
    );
    expect(errorCode((await tick(clinician, { itemId: 'Free text!', isTicked: true })).body)).toBe('VALIDATION_FAILED');
    expect(await opened.storage.checklists.ticks(consultation.id)).toEqual([]);
    const ticked = ConsultationChecklist.parse((await tick(clinician, { itemId, isTicked: true })).json());
    expect(ticked.hash).toBe(checklist.hash);
    expect(ticked.ticks.map((x) => x.itemId)).toEqual([itemId]);
    const unticked = ConsultationChecklist.parse((await tick(clinician, { itemId, isTicked: false })).json());
    expect(unticked.ticks).toEqual([]);
    const consents = await t.app.inject({ method: 'GET', url: `${base}/consents`, headers: authHeaders(clinician) });
    expect(ConsultationConsents.parse(consents.json())).toEqual({ records: [], texts: [] });
    expect(
      errorCode((await t.app.inject({ method: 'GET', url: `${base}/consents`, headers: authHeaders(colleague) })).body),
    ).toBe('FORBIDDEN');
    const audit = await opened.storage.audit.list({ consultationId: consultation.id });
    expect(audit.filter((e) => e.action.startsWith('checklist_item')).map((e) => e.details)).toEqual([
      { itemId, checklist: checklist.hash },
      { itemId, checklist: checklist.hash },
    ]);
  });
});
