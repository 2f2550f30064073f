import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import {
  ApiError,
  AppointmentAnswer,
  AppointmentList,
  InvitationInfo,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '@samtale/protocol';
import { TestClient } from './helpers/TestClient.ts';
import { retentionDefaults } from '../src/retention/defaults.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';
import { startTestSmtp, type TestSmtp } from './helpers/test-smtp.ts';

const HOUR = 3_600_000;

/** The one VEVENT of an e-mail's .ics attachment, parsed (a parse error fails the test). */
function calendarOf(mail: ParsedMail): { method: string; event: ICAL.Event; raw: string } {
  const attachment = mail.attachments.find((a) => a.filename === 'invitation.ics');
  if (!attachment) throw new TypeError(`no invitation.ics in ${mail.attachments.map((a) => a.filename).join(', ')}`);
  const raw = attachment.content.toString('utf8');
  const calendar = ICAL.Component.fromString(raw);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new TypeError('no VEVENT');
  return { method: String(calendar.getFirstPropertyValue('method')), event: new ICAL.Event(vevent), raw };
}

function linkIn(text: string): string {
  const match = /https:\/\/samtale\.test\/j\/[A-Za-z0-9_-]{43}/.exec(text);
  if (!match) throw new TypeError(`no link in: ${text}`);
  return match[0];
}

const tokenOf = (url: string) => url.split('/j/')[1] ?? '';

describe.each(storageBackends())('appointments with e-mail through a real SMTP server on $name', (backend) => {
  let opened: OpenedStorage;
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  const post = (url: string, payload?: object, session = clinician) =>
    t.app.inject({ method: 'POST', url, headers: authHeaders(session), ...(payload ? { payload } : {}) });
  const codeOf = (body: string) => ApiError.parse(JSON.parse(body)).error.code;
  const inspect = (token: string) =>
    t.app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token } });
  const list = async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/appointments', headers: authHeaders(clinician) });
    expect(r.statusCode).toBe(200);
    return AppointmentList.parse(r.json()).appointments;
  };
  /** A slot `hours` from the test clock's now, on the hour. */
  const at = (hours: number) => new Date(t.clock.now.getTime() + hours * HOUR).toISOString();
  let nextSlot = 1;
  const freshSlot = () => at(nextSlot++);
  const book = async (overrides: object = {}) => {
    const r = await post('/api/appointments', {
      startsAt: freshSlot(),
      durationMinutes: 30,
      kind: 'follow-up',
      label: 'Kari N. – blodprøvesvar',
      contact: { email: 'Kari.Nordmann@example.no', phone: '912 34 567' },
      language: 'nb',
      ...overrides,
    });
    expect(r.statusCode, r.body).toBe(201);
    return AppointmentAnswer.parse(r.json());
  };

  beforeAll(async () => {
    opened = await backend.open();
    smtp = await startTestSmtp();
    t = await startTestApp(opened.storage, { SMTP_URL: smtp.url, MAIL_FROM: 'Testklinikken <time@klinikken.test>' });
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await opened.dispose();
  });
  beforeEach(() => smtp.refuse(null));

  it('e-mails the invitation in the patient’s language with a valid .ics whose link redeems, and shows it sent', async () => {
    const startsAt = at(3);
    const { appointment, invitation } = await book({ startsAt, durationMinutes: 45 });
    const mail = await smtp.nextMail();

    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('kari.nordmann@example.no');
    expect(mail.subject).toBe('Videokonsultasjon hos Testklinikken, tirsdag 15. januar 2030 kl. 13:00');
    expect(mail.text).toContain('Tid: tirsdag 15. januar 2030 kl. 13:00\n');
    expect(mail.text).toContain('Slik forbereder du deg');
    // Every invitation links the equipment test, which needs no login; its key (in the fragment,
    // never sent to a server) only lets a run say "tested" to the day view (equipment-tested.test.ts).
    const testLink =
      /Test kamera, mikrofon og nett på forhånd: (https:\/\/samtale\.test\/test#[A-Za-z0-9_-]{43})(?![\w-])/.exec(
        mail.text ?? '',
      )?.[1];
    expect(testLink).toBeDefined();
    expect(String(mail.html)).toContain(`<a href="${testLink}">`);
    // No health information: neither the clinician's label nor the kind of appointment.
    for (const part of [mail.text ?? '', String(mail.html), calendarOf(mail).raw]) {
      expect(part).not.toContain('blodprøvesvar');
      expect(part).not.toContain('Kari N.');
      expect(part).not.toContain('follow-up');
    }

    const { method, event } = calendarOf(mail);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`${appointment.id}@samtale.test`);
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt);
    expect(event.endDate.toJSDate().getTime() - new Date(startsAt).getTime()).toBe(45 * 60_000);
    expect(event.summary).toBe('Videokonsultasjon hos Testklinikken');
    const link = linkIn(mail.text ?? '');
    expect(link).toBe(invitation?.url);
    expect(event.component.getFirstPropertyValue('url')).toBe(link);

    expect(appointment).toMatchObject({
      status: 'invited',
      email: { purpose: 'invitation', status: 'sent', reason: null },
    });
    const redeemed = await inspect(tokenOf(link));
    expect(redeemed.statusCode).toBe(200);
    expect(InvitationInfo.parse(redeemed.json())).toMatchObject({ role: 'patient', organisationName: 'Testklinikken' });
    const shown = (await list()).find((a) => a.id === appointment.id);
    expect(shown).toMatchObject({
      status: 'link-opened',
      contact: { email: 'kari.nordmann@example.no', phone: '+4791234567' },
    });
  });

  it('puts the week’s appointments on the live dashboard and refreshes it when the patient opens the link', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const dashboard = await TestClient.open(`${address.replace('http', 'ws')}/ws`, clinician.cookie);
    try {
      dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
      await dashboard.next('dashboard');
      const { appointment, invitation } = await book({ startsAt: at(20) });
      await smtp.nextMail();
      type Dashboard = Extract<ServerMessage, { type: 'dashboard' }>;
      const showing =
        (status: string) =>
        (m: ServerMessage): m is Dashboard =>
          m.type === 'dashboard' && (m.appointments ?? []).some((a) => a.id === appointment.id && a.status === status);
      const invited = await dashboard.nextWhere(showing('invited'), 'the appointment, invited');
      const times = (invited.appointments ?? []).map((a) => a.startsAt);
      expect(times).toEqual([...times].sort());
      expect(invited.consultations.map((c) => c.id)).not.toContain(appointment.consultationId);
      expect((await inspect(tokenOf(invitation?.url ?? ''))).statusCode).toBe(200);
      await dashboard.nextWhere(showing('link-opened'), 'the appointment, link opened');
    } finally {
      await dashboard.close();
    }
  });

  it('writes nynorsk and English invitations in their own words and times', async () => {
    await book({ startsAt: at(30), language: 'nn' });
    const nn = await smtp.nextMail();
    expect(nn.subject).toBe('Videokonsultasjon hos Testklinikken, onsdag 16. januar 2030 kl. 16:00');
    expect(nn.text).toContain('Slik førebur du deg');
    await book({ startsAt: at(32), language: 'en' });
    const en = await smtp.nextMail();
    expect(en.subject).toBe('Video consultation with Testklinikken, Wednesday, 16 January 2030 at 18:00');
    expect(en.text).toContain('How to prepare');
  });

  it('cancels with a METHOD:CANCEL of the same event, and the link stops working', async () => {
    const { appointment, invitation } = await book();
    const first = calendarOf(await smtp.nextMail());
    const r = await post(`/api/appointments/${appointment.id}/cancel`);
    expect(r.statusCode).toBe(200);
    expect(AppointmentAnswer.parse(r.json()).appointment).toMatchObject({
      status: 'cancelled',
      email: { purpose: 'cancellation', status: 'sent' },
    });
    const mail = await smtp.nextMail();
    expect(mail.subject).toMatch(/^Avlyst: videokonsultasjon hos Testklinikken/);
    const { method, event } = calendarOf(mail);
    expect(method).toBe('CANCEL');
    expect(event.uid).toBe(first.event.uid);
    expect(event.sequence).toBeGreaterThan(first.event.sequence);
    expect(String(event.component.getFirstPropertyValue('status'))).toBe('CANCELLED');
    expect(mail.text).not.toContain('/j/');
    expect(codeOf((await inspect(tokenOf(invitation?.url ?? ''))).body)).toBe('INVITATION_REVOKED');
    // Cancelling again changes nothing and sends nothing.
    expect((await post(`/api/appointments/${appointment.id}/cancel`)).statusCode).toBe(200);
    expect(
      codeOf(
        (await post(`/api/appointments/${appointment.id}/reschedule`, { startsAt: at(200), durationMinutes: 30 })).body,
      ),
    ).toBe('APPOINTMENT_CANCELLED');
  });

  it('reschedules with an updated event (next SEQUENCE) and a new link; the old link is withdrawn', async () => {
    const { appointment, invitation } = await book();
    const first = calendarOf(await smtp.nextMail());
    const startsAt = at(100);
    const r = await post(`/api/appointments/${appointment.id}/reschedule`, { startsAt, durationMinutes: 20 });
    expect(r.statusCode, r.body).toBe(200);
    const moved = AppointmentAnswer.parse(r.json());
    expect(moved.appointment).toMatchObject({ startsAt, durationMinutes: 20, status: 'invited' });
    const mail = await smtp.nextMail();
    expect(mail.subject).toMatch(/^Ny tid: videokonsultasjon/);
    const { method, event } = calendarOf(mail);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(first.event.uid);
    expect(event.sequence).toBe(first.event.sequence + 1);
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt);
    expect(linkIn(mail.text ?? '')).toBe(moved.invitation?.url);
    expect((await inspect(tokenOf(moved.invitation?.url ?? ''))).statusCode).toBe(200);
    expect(codeOf((await inspect(tokenOf(invitation?.url ?? ''))).body)).toBe('INVITATION_REVOKED');
  });

  it('answers bad input with its own code and stores nothing', async () => {
    const before = (await list()).length;
    const base = {
      startsAt: at(50),
      durationMinutes: 30,
      kind: 'first-visit',
      contact: { email: 'ola@example.no' },
      language: 'nb',
    };
    const cases: [object, string][] = [
      [{ contact: { email: 'ola@' } }, 'EMAIL_INVALID'],
      [{ contact: { email: 'ola@example.no', phone: '12345' } }, 'PHONE_INVALID'],
      [{ contact: { phone: '+47 1234' } }, 'PHONE_INVALID'],
      [{ contact: {} }, 'CONTACT_REQUIRED'],
      [{ contact: { email: '  ', phone: '' } }, 'CONTACT_REQUIRED'],
      [{ startsAt: new Date(t.clock.now.getTime() - 60_000).toISOString() }, 'APPOINTMENT_IN_PAST'],
      [{ startsAt: t.clock.now.toISOString() }, 'APPOINTMENT_IN_PAST'],
      [{ durationMinutes: 2 }, 'VALIDATION_FAILED'],
      [{ label: 'Kari\u0000' }, 'VALIDATION_FAILED'],
      [{ label: 'Kari\u202e' }, 'VALIDATION_FAILED'],
      [{ kind: 'surgery' }, 'VALIDATION_FAILED'],
      [{ language: 'sv' }, 'VALIDATION_FAILED'],
      [{ startsAt: '2030-01-15 10:00' }, 'VALIDATION_FAILED'],
    ];
    for (const [override, code] of cases) {
      const r = await post('/api/appointments', { ...base, ...override });
      expect([JSON.stringify(override), codeOf(r.body)]).toEqual([JSON.stringify(override), code]);
    }
    expect((await list()).length).toBe(before);
    expect(codeOf((await post('/api/appointments/not-an-id/cancel')).body)).toBe('APPOINTMENT_NOT_FOUND');
    expect(codeOf((await post('/api/appointments/9b2f7c43-43f5-4d1b-9a51-1d3c2f0e1a11/cancel')).body)).toBe(
      'APPOINTMENT_NOT_FOUND',
    );
  });

  it('refuses an overlapping booking or move with APPOINTMENT_OVERLAP, two at once included', async () => {
    const startsAt = at(60);
    const { appointment } = await book({ startsAt, durationMinutes: 60 });
    await smtp.nextMail();
    const overlapping = { ...{ kind: 'other', contact: { phone: '41234567' }, language: 'en' } };
    const inside = await post('/api/appointments', { ...overlapping, startsAt: at(60.5), durationMinutes: 10 });
    expect(codeOf(inside.body)).toBe('APPOINTMENT_OVERLAP');
    // Back to back is not an overlap.
    const after = await post('/api/appointments', { ...overlapping, startsAt: at(61), durationMinutes: 10 });
    expect(after.statusCode).toBe(201);
    const moveOnto = await post(
      `/api/appointments/${AppointmentAnswer.parse(after.json()).appointment.id}/reschedule`,
      {
        startsAt: at(59.5),
        durationMinutes: 60,
      },
    );
    expect(codeOf(moveOnto.body)).toBe('APPOINTMENT_OVERLAP');
    // Moving within its own slot does not clash with itself.
    expect(
      (await post(`/api/appointments/${appointment.id}/reschedule`, { startsAt: at(60.25), durationMinutes: 30 }))
        .statusCode,
    ).toBe(200);
    await smtp.nextMail();

    const race = await Promise.all(
      [0, 1, 2].map(() => post('/api/appointments', { ...overlapping, startsAt: at(70), durationMinutes: 30 })),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it('keeps the appointment when the SMTP server refuses, shows why without the address, and resends', async () => {
    smtp.refuse(/refused@example\.no/);
    const { appointment, invitation } = await book({ contact: { email: 'refused@example.no' } });
    expect(appointment.status).toBe('booked');
    expect(appointment.email).toMatchObject({ purpose: 'invitation', status: 'failed' });
    expect(appointment.email?.reason).toMatch(/550/);
    expect(appointment.email?.reason).not.toContain('refused@example.no');
    expect(appointment.email?.reason).toContain('<recipient>');

    smtp.refuse(null);
    const r = await post(`/api/appointments/${appointment.id}/resend`);
    expect(r.statusCode, r.body).toBe(200);
    const resent = AppointmentAnswer.parse(r.json());
    expect(resent.appointment).toMatchObject({ status: 'invited', email: { status: 'sent', reason: null } });
    const mail = await smtp.nextMail();
    expect(linkIn(mail.text ?? '')).toBe(resent.invitation?.url);
    // The link of the failed e-mail was never seen by the patient; it is withdrawn all the same.
    expect(codeOf((await inspect(tokenOf(invitation?.url ?? ''))).body)).toBe('INVITATION_REVOKED');
    expect(codeOf((await post(`/api/appointments/${appointment.id}/resend`)).body)).toBe('INVALID_STATE');
  });

  it('books for a phone number alone without an e-mail, and shows only its owner their appointments', async () => {
    const { appointment, invitation } = await book({ contact: { phone: '004791234567' } });
    expect(appointment).toMatchObject({
      status: 'booked',
      email: null,
      contact: { email: null, phone: '+4791234567' },
    });
    expect(invitation?.url).toMatch(/\/j\//);
    const other = await addUser(t, admin);
    const r = await post(`/api/appointments/${appointment.id}/cancel`, undefined, other);
    expect(codeOf(r.body)).toBe('FORBIDDEN');
    const theirs = await t.app.inject({ method: 'GET', url: '/api/appointments', headers: authHeaders(other) });
    expect(AppointmentList.parse(theirs.json()).appointments).toEqual([]);
  });

  it('marks an e-mail a stopped server left in `sending` as failed at the next start, so it can be resent', async () => {
    const { appointment } = await book();
    await smtp.nextMail();
    const storage = opened.storage.appointments;
    await storage.recordNotification(
      { appointmentId: appointment.id, channel: 'email', purpose: 'update' },
      new Date(t.clock.now.getTime() - 5 * 60_000),
    );
    const restarted = await startTestApp(opened.storage, { SMTP_URL: smtp.url, MAIL_FROM: 'Klinikken <t@k.test>' });
    await restarted.close();
    const shown = (await list()).find((a) => a.id === appointment.id);
    expect(shown?.email).toMatchObject({ purpose: 'update', status: 'failed' });
    expect(shown?.email?.reason).toMatch(/^interrupted/);
    const resent = await post(`/api/appointments/${appointment.id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(AppointmentAnswer.parse(resent.json()).appointment.email).toMatchObject({
      purpose: 'update',
      status: 'sent',
    });
    expect((await smtp.nextMail()).subject).toMatch(/^Ny tid: /);
    // A send another node started just now is left alone.
    await storage.recordNotification(
      { appointmentId: appointment.id, channel: 'email', purpose: 'update' },
      t.clock.now,
    );
    const twoMinutesAgo = new Date(t.clock.now.getTime() - 120_000);
    expect(await storage.failInterruptedNotifications('x', t.clock.now, twoMinutesAgo)).toBe(0);
  });

  it('erases the patient’s contact CONTACT_RETENTION_DAYS after the appointment ended', async () => {
    const { appointment } = await book({ startsAt: at(500), durationMinutes: 30 });
    await smtp.nextMail();
    // The retention purge (issue 8) erases contacts with the organisation's period, by default this one.
    const sweep = async () =>
      (
        await opened.storage.retention.purge({
          at: t.clock.now,
          defaults: retentionDefaults(t.config),
          isDryRun: false,
        })
      ).appointmentContacts;
    const endsAt = new Date(appointment.endsAt).getTime();
    const saved = t.clock.now;
    try {
      t.clock.now = new Date(endsAt + t.config.contactRetentionDays * 24 * HOUR - 60_000);
      await sweep();
      const kept = await opened.storage.appointments.get(appointment.id);
      expect(kept?.patientEmail).toBe('kari.nordmann@example.no');
      t.clock.now = new Date(endsAt + t.config.contactRetentionDays * 24 * HOUR + 60_000);
      expect(await sweep()).toBeGreaterThanOrEqual(1);
      const erased = await opened.storage.appointments.get(appointment.id);
      expect(erased).toMatchObject({ patientEmail: null, patientPhone: null });
      const rows = await opened.storage.db
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', appointment.id)
        .execute();
      expect(JSON.stringify(rows)).not.toMatch(/kari\.nordmann|91234567/);
    } finally {
      t.clock.now = saved;
    }
  });
});

describe('appointments without SMTP_URL (development)', () => {
  it('logs only that an e-mail was not sent — no address, number, link or text — and shows it as logged', async () => {
    const storage = (await storageBackends()[0]?.open()) ?? null;
    if (storage === null) throw new TypeError('no storage backend');
    const t = await startTestApp(storage.storage);
    try {
      const admin = await setUpAdmin(t, storage.storage);
      const clinician = await addUser(t, admin);
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: authHeaders(clinician),
        payload: {
          startsAt: new Date(t.clock.now.getTime() + HOUR).toISOString(),
          durationMinutes: 15,
          kind: 'other',
          label: 'Ola Nordmann',
          contact: { email: 'ola.nordmann@example.no', phone: '+47 987 65 432' },
          language: 'en',
        },
      });
      expect(r.statusCode).toBe(201);
      const { appointment, invitation } = AppointmentAnswer.parse(r.json());
      expect(appointment.email).toMatchObject({ status: 'logged' });
      const logs = t.logs.join('\n');
      expect(logs).toContain('e-mail not sent: no SMTP_URL configured');
      for (const secret of ['ola.nordmann', '98765432', 'Ola Nordmann', tokenOf(invitation?.url ?? 'x/j/none')]) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      await t.close();
      await storage.dispose();
    }
  });
});
