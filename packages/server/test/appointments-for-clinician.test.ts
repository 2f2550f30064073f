/**
 * Issue 9: "a clinician (or an admin for a clinician) books". An admin chooses the clinician; the
 * appointment is that clinician's (their day view, their consultation to host) and the audit
 * trail says who booked it for whom. A clinician books only for themselves: booking for another
 * is refused with a code and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AppointmentAnswer, AppointmentList } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';

const HOUR = 3_600_000;

describe.each(storageBackends())('booking for a clinician on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;
  let colleague: TestSession;
  let nextSlot = 1;

  const body = (overrides: object = {}) => ({
    startsAt: new Date(t.clock.now.getTime() + nextSlot++ * HOUR).toISOString(),
    durationMinutes: 20,
    kind: 'follow-up',
    label: 'Booket av merkantil',
    contact: { phone: '912 34 567' },
    language: 'nb',
    ...overrides,
  });
  const bookAs = (session: TestSession, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/appointments', headers: authHeaders(session), payload });
  const listOf = async (session: TestSession) => {
    const r = await t.app.inject({ method: 'GET', url: '/api/appointments', headers: authHeaders(session) });
    expect(r.statusCode).toBe(200);
    return AppointmentList.parse(r.json()).appointments;
  };
  const codeOf = (text: string) => ApiError.parse(JSON.parse(text)).error.code;
  /** Rows of every table a booking writes: equal before and after a refusal means nothing was stored. */
  const stored = async () => {
    const { db } = opened.storage;
    const count = async (table: 'appointments' | 'consultations' | 'invitations' | 'auditEvents') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      appointments: await count('appointments'),
      consultations: await count('consultations'),
      invitations: await count('invitations'),
      auditEvents: await count('auditEvents'),
    };
  };

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

  it('an admin books for a clinician: it is the clinician’s appointment and consultation, audited as the admin’s act for them', async () => {
    const r = await bookAs(admin, body({ clinicianUserId: clinician.user.id }));
    expect(r.statusCode, r.body).toBe(201);
    const { appointment, invitation } = AppointmentAnswer.parse(r.json());
    expect(invitation?.url).toMatch(/\/j\/[A-Za-z0-9_-]{43}$/);

    expect((await listOf(clinician)).map((a) => a.id)).toEqual([appointment.id]);
    expect(await listOf(admin)).toEqual([]);
    expect(await listOf(colleague)).toEqual([]);
    const consultation = await opened.storage.consultations.get(appointment.consultationId);
    expect(consultation?.ownerUserId).toBe(clinician.user.id);

    const events = await opened.storage.db
      .selectFrom('auditEvents')
      .select(['action', 'actorUserId', 'details'])
      .where('consultationId', '=', appointment.consultationId)
      .orderBy('id')
      .execute();
    expect(
      events.map((e) => ({
        ...e,
        details: typeof e.details === 'string' ? (JSON.parse(e.details) as unknown) : e.details,
      })),
    ).toEqual([
      { action: 'appointment_booked', actorUserId: admin.user.id, details: { forUserId: clinician.user.id } },
      { action: 'invitation_created', actorUserId: admin.user.id, details: { role: 'patient' } },
    ]);
  });

  it('the clinician then manages it as their own (cancels it)', async () => {
    const { appointment } = AppointmentAnswer.parse(
      (await bookAs(admin, body({ clinicianUserId: clinician.user.id }))).json(),
    );
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/appointments/${appointment.id}/cancel`,
      headers: authHeaders(clinician),
      payload: {},
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(AppointmentAnswer.parse(cancelled.json()).appointment.status).toBe('cancelled');
  });

  it('a clinician booking for another clinician is refused FORBIDDEN and nothing is stored', async () => {
    const before = await stored();
    const r = await bookAs(clinician, body({ clinicianUserId: colleague.user.id }));
    expect(r.statusCode).toBe(403);
    expect(codeOf(r.body)).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);
    expect(await listOf(colleague)).toEqual([]);
  });

  it('a clinician may name themselves, which is the same as naming nobody', async () => {
    const r = await bookAs(colleague, body({ clinicianUserId: colleague.user.id }));
    expect(r.statusCode, r.body).toBe(201);
    expect((await listOf(colleague)).length).toBe(1);
  });

  it('an admin naming no clinician of the organisation (unknown, an admin, another organisation’s) gets CLINICIAN_NOT_FOUND and nothing is stored', async () => {
    const otherAdmin = await addUser(t, admin, 'admin');
    const elsewhere = await opened.storage.organisations.create('Annen klinikk');
    const stranger = await opened.storage.users.create({
      organisationId: elsewhere.id,
      email: `stranger-${randomUUID()}@example.no`,
      displayName: 'Sara Fremmed',
      role: 'clinician',
      passwordHash: 'not-a-real-hash',
    });
    const before = await stored();
    for (const clinicianUserId of [randomUUID(), otherAdmin.user.id, stranger.id]) {
      const r = await bookAs(admin, body({ clinicianUserId }));
      expect(r.statusCode, clinicianUserId).toBe(404);
      expect(codeOf(r.body)).toBe('CLINICIAN_NOT_FOUND');
    }
    expect(await stored()).toEqual(before);
  });

  it('a clinician id that is not an id is VALIDATION_FAILED', async () => {
    const r = await bookAs(admin, body({ clinicianUserId: 'Kari Klinikar' }));
    expect(r.statusCode).toBe(400);
    expect(codeOf(r.body)).toBe('VALIDATION_FAILED');
  });
});
