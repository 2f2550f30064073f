import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuditList,
  ConsultationList,
  ConsultationSummary,
  CreatedConsultation,
  InvitationView,
} from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  TEST_PUBLIC_URL,
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';
import { sha256Hex } from '../auth/tokens.ts';

function errorCode(body: string): string {
  return ApiError.parse(JSON.parse(body)).error.code;
}

describe.each(storageBackends())('consultations and invitation links on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  const create = async (session: TestSession, payload?: object) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(session),
      ...(payload ? { payload } : {}),
    });
    expect(r.statusCode).toBe(201);
    return CreatedConsultation.parse(r.json());
  };
  const tokenOf = (url: string | undefined) => url?.split('/j/')[1] ?? '';
  const inspect = (token: string) =>
    t.app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token } });

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

  it('creates a consultation with a patient link that carries no personal data and stores only the token’s hash', async () => {
    const { consultation, invitation } = await create(clinician, { label: 'Kontroll etter operasjon' });
    expect(consultation).toMatchObject({
      label: 'Kontroll etter operasjon',
      status: 'open',
      waiting: [],
      admittedCount: 0,
    });
    expect(invitation.role).toBe('patient');
    expect(invitation.url).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/j/[A-Za-z0-9_-]{43}$`));
    expect(new Date(invitation.expiresAt).getTime() - t.clock.now.getTime()).toBe(
      t.config.invitationTtlMinutes * 60_000,
    );
    const token = tokenOf(invitation.url);
    const stored = await opened.storage.invitations.findByTokenHash(sha256Hex(token));
    expect(stored?.id).toBe(invitation.id);
    const rows = await opened.storage.db.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(consultation.invitations).toEqual([
      { id: invitation.id, role: 'patient', expiresAt: invitation.expiresAt, isRevoked: false },
    ]);
  });

  it('creates a consultation from a bodiless request, without a label', async () => {
    const { consultation } = await create(clinician);
    expect(consultation.label).toBeNull();
  });

  it('lists only the clinician’s own consultations, newest first', async () => {
    const other = await addUser(t, admin);
    const mine = await create(clinician);
    const theirs = await create(other);
    const list = ConsultationList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/consultations', headers: { cookie: clinician.cookie } })).json(),
    );
    expect(list.consultations[0]?.id).toBe(mine.consultation.id);
    expect(list.consultations.map((c) => c.id)).not.toContain(theirs.consultation.id);
  });

  it("tells a person opening a valid link only its role, the organisation, the expiry and the organisation's texts", async () => {
    const { invitation } = await create(clinician);
    const r = await inspect(tokenOf(invitation.url));
    expect(r.statusCode).toBe(200);
    const { texts, ...rest } = r.json<{ texts: { language: string }[] }>();
    expect(rest).toEqual({
      role: 'patient',
      organisationName: 'Testklinikken',
      expiresAt: invitation.expiresAt,
      // Issue 8: how the link's holder must be identified (a 1:1 consultation: a name).
      identificationRequired: ['name'],
      // Whether the holder could identify with ID-porten here (not configured in this test).
      isIdportenEnabled: false,
    });
    // Issue 9: the information and consent text in each language, nothing about the consultation.
    expect(texts.map((x) => x.language)).toEqual(['nb', 'nn', 'en']);
  });

  it('answers invalid, expired, revoked and ended links with their own codes', async () => {
    expect(errorCode((await inspect('A'.repeat(43))).body)).toBe('INVITATION_INVALID');

    const shortLived = await create(clinician);
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${shortLived.consultation.id}/invitations`,
      headers: authHeaders(clinician),
      payload: { role: 'interpreter', ttlMinutes: 5 },
    });
    expect(extra.statusCode).toBe(201);
    const interpreter = InvitationView.parse(extra.json());
    expect(interpreter.role).toBe('interpreter');
    t.clock.advance(5 * 60_000);
    const expired = await inspect(tokenOf(interpreter.url));
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired.body)).toBe('INVITATION_EXPIRED');

    const revoked = await create(clinician);
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${revoked.consultation.id}/invitations/${revoked.invitation.id}/revoke`,
      headers: authHeaders(clinician),
    });
    expect(revoke.statusCode).toBe(204);
    expect(errorCode((await inspect(tokenOf(revoked.invitation.url))).body)).toBe('INVITATION_REVOKED');

    const ended = await create(clinician);
    await opened.storage.consultations.markEnded(ended.consultation.id, t.clock.now);
    expect(errorCode((await inspect(tokenOf(ended.invitation.url))).body)).toBe('CONSULTATION_ENDED');
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${ended.consultation.id}/invitations`,
      headers: authHeaders(clinician),
      payload: { role: 'relative' },
    });
    expect(errorCode(late.body)).toBe('CONSULTATION_ENDED');
  });

  it('lets only the owner create links, revoke them and read the summary', async () => {
    const other = await addUser(t, admin);
    const { consultation, invitation } = await create(clinician);
    const attempts = [
      t.app.inject({
        method: 'POST',
        url: `/api/consultations/${consultation.id}/invitations`,
        headers: authHeaders(other),
        payload: { role: 'relative' },
      }),
      t.app.inject({
        method: 'POST',
        url: `/api/consultations/${consultation.id}/invitations/${invitation.id}/revoke`,
        headers: authHeaders(other),
      }),
      t.app.inject({
        method: 'GET',
        url: `/api/consultations/${consultation.id}/summary`,
        headers: { cookie: other.cookie },
      }),
      t.app.inject({
        method: 'GET',
        url: `/api/consultations/${consultation.id}/summary`,
        headers: { cookie: admin.cookie },
      }),
    ];
    for (const r of await Promise.all(attempts)) expect(errorCode(r.body)).toBe('FORBIDDEN');
    expect(
      (await opened.storage.invitations.findByTokenHash(sha256Hex(tokenOf(invitation.url))))?.revokedAt,
    ).toBeNull();

    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/consultations/${randomUUID()}/summary`,
      headers: { cookie: clinician.cookie },
    });
    expect(errorCode(unknown.body)).toBe('CONSULTATION_NOT_FOUND');
    const notAnId = await t.app.inject({
      method: 'GET',
      url: '/api/consultations/nope/summary',
      headers: { cookie: clinician.cookie },
    });
    expect(errorCode(notAnId.body)).toBe('CONSULTATION_NOT_FOUND');
  });

  it('summarises an ended consultation: start, end, duration and who took part', async () => {
    const { consultation, invitation } = await create(clinician, { label: 'Samtale' });
    const storage = opened.storage;
    const at = (minutes: number) => new Date(t.clock.now.getTime() + minutes * 60_000);
    const base = {
      consultationId: consultation.id,
      resumeTokenHash: '',
      waitingSince: null,
      consentedAt: null,
      lastLeftAt: null,
    };
    await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'host',
      displayName: 'Kari Klinikar',
      identification: { kind: 'local-account', hasPasskey: false },
      pidHmac: null,
      userId: clinician.user.id,
      invitationId: null,
      state: 'left',
      firstJoinedAt: at(0),
      lastLeftAt: at(31),
    });
    await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'patient',
      displayName: 'Per Pasient',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      invitationId: invitation.id,
      state: 'left',
      firstJoinedAt: at(1),
      lastLeftAt: at(30),
    });
    await storage.participants.create({
      ...base,
      resumeTokenHash: randomUUID(),
      role: 'relative',
      displayName: 'Never Admitted',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      invitationId: invitation.id,
      state: 'declined',
      firstJoinedAt: null,
    });
    await storage.consultations.markStarted(consultation.id, at(0));
    await storage.consultations.markEnded(consultation.id, at(31));

    const r = await t.app.inject({
      method: 'GET',
      url: `/api/consultations/${consultation.id}/summary`,
      headers: { cookie: clinician.cookie },
    });
    const summary = ConsultationSummary.parse(r.json());
    expect(summary).toMatchObject({
      label: 'Samtale',
      startedAt: at(0).toISOString(),
      endedAt: at(31).toISOString(),
      durationSeconds: 31 * 60,
    });
    expect(summary.participants.map((p) => [p.displayName, p.role, p.identification.kind])).toEqual([
      ['Kari Klinikar', 'host', 'local-account'],
      ['Per Pasient', 'patient', 'invitation-link'],
    ]);
  });

  it('stores an expected patient only as a keyed hash, and refuses a number with wrong check digits (nothing stored)', async () => {
    const before = (await opened.storage.consultations.listByOwner(clinician.user.id)).length;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(clinician),
      payload: { label: 'Feil', expectedPatient: '15076500566' },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad.body)).toBe('NATIONAL_ID_INVALID');
    expect(await opened.storage.consultations.listByOwner(clinician.user.id)).toHaveLength(before);

    const created = await create(clinician, { label: 'Forventet', expectedPatient: '150765 00565' });
    const row = await opened.storage.consultations.get(created.consultation.id);
    expect(row?.expectedPatientHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.expectedPatientHmac).not.toContain('15076500565');
    expect(JSON.stringify(created)).not.toContain('15076500565');
    expect(t.logs.join('\n')).not.toContain('15076500565');
  });

  it('records consultation and link events in the audit trail, which admins can filter by consultation', async () => {
    const { consultation, invitation } = await create(clinician);
    await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${consultation.id}/invitations/${invitation.id}/revoke`,
      headers: authHeaders(clinician),
    });
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/audit?consultationId=${consultation.id}`,
      headers: { cookie: admin.cookie },
    });
    const { events } = AuditList.parse(r.json());
    expect(events.map((e) => e.action)).toEqual(['invitation_revoked', 'invitation_created', 'consultation_created']);
    expect(events.every((e) => e.actorUserId === clinician.user.id && e.consultationId === consultation.id)).toBe(true);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/audit?consultationId=nope',
      headers: { cookie: admin.cookie },
    });
    expect(errorCode(bad.body)).toBe('VALIDATION_FAILED');
  });
});
