/**
 * Each organisation's reminder times (issue 9): an admin sets up to 5 of them (coded errors for
 * anything else, nothing stored), bookings plan their reminders with them, and an organisation
 * without its own uses REMINDER_OFFSETS_MINUTES. Reminders go out by e-mail through a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AppointmentAnswer, ReminderOffsetsView } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  logIn,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from './helpers/test-app.ts';
import { startTestSmtp, type TestSmtp } from './helpers/test-smtp.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(storageBackends())("an organisation's reminder times on $name", (backend) => {
  let opened: OpenedStorage;
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;
  let nextDay = 2;

  beforeAll(async () => {
    opened = await backend.open();
    smtp = await startTestSmtp();
    t = await startTestApp(
      opened.storage,
      { SMTP_URL: smtp.url, MAIL_FROM: 'Klinikken <time@klinikken.test>', REMINDER_OFFSETS_MINUTES: '1440,15' },
      { isPollingJobs: false },
    );
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await opened.dispose();
  });

  const request = (method: 'GET' | 'PUT', payload?: object, session = admin) =>
    t.app.inject({
      method,
      url: '/api/admin/reminder-offsets',
      headers: authHeaders(session),
      ...(payload ? { payload } : {}),
    });
  const view = async () => ReminderOffsetsView.parse((await request('GET')).json());
  /** Books an appointment days ahead and answers when its reminders are planned to run. */
  const plannedRuns = async () => {
    const startsAt = new Date(t.clock.now.getTime() + nextDay++ * 24 * HOUR);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/appointments',
      headers: authHeaders(clinician),
      payload: {
        startsAt: startsAt.toISOString(),
        durationMinutes: 30,
        kind: 'other',
        contact: { email: 'kari@example.no' },
        language: 'nb',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    await smtp.nextMail();
    const { appointment } = AppointmentAnswer.parse(r.json());
    const jobs = await opened.storage.jobs.list(`reminder:${appointment.id}:`);
    return jobs.map((j) => (startsAt.getTime() - j.runAt.getTime()) / MINUTE).sort((a, b) => b - a);
  };

  it('uses REMINDER_OFFSETS_MINUTES until the organisation sets its own, to admins only', async () => {
    expect(await view()).toEqual({ offsetsMinutes: [1440, 15], defaults: [1440, 15], isCustomised: false });
    expect((await request('GET', undefined, clinician)).statusCode).toBe(403);
    expect((await request('PUT', { offsetsMinutes: [60] }, clinician)).statusCode).toBe(403);
    expect(await plannedRuns()).toEqual([1440, 15]);
  });

  it('refuses too many, duplicate or out-of-range times with REMINDER_OFFSETS_INVALID and stores nothing', async () => {
    for (const offsetsMinutes of [[1, 2, 3, 4, 5, 6], [60, 60], [0], [43_201], [-5]]) {
      const r = await request('PUT', { offsetsMinutes });
      expect(r.statusCode, JSON.stringify(offsetsMinutes)).toBe(400);
      expect(ApiError.parse(r.json()).error.code).toBe('REMINDER_OFFSETS_INVALID');
    }
    for (const offsetsMinutes of [[1.5], ['60'], 'x']) {
      const r = await request('PUT', { offsetsMinutes });
      expect(r.statusCode).toBe(400);
      expect(ApiError.parse(r.json()).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await view()).isCustomised).toBe(false);
  });

  it('plans new bookings with the organisation’s times, and sends a reminder at one of them', async () => {
    const saved = await request('PUT', { offsetsMinutes: [30, 2880, 120] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(ReminderOffsetsView.parse(saved.json())).toEqual({
      offsetsMinutes: [2880, 120, 30],
      defaults: [1440, 15],
      isCustomised: true,
    });
    expect(await plannedRuns()).toEqual([2880, 120, 30]);

    // The earliest reminder planned goes out when its time comes.
    const jobsBefore = await opened.storage.jobs.list('reminder:');
    const first = jobsBefore.filter((j) => j.status === 'pending').sort((a, b) => +a.runAt - +b.runAt)[0];
    if (first === undefined) throw new TypeError('no pending reminder');
    t.clock.advance(first.runAt.getTime() - t.clock.now.getTime() + MINUTE);
    expect(await t.app.samtale.jobs.runDue()).toBeGreaterThan(0);
    expect((await smtp.nextMail()).subject).toMatch(/^Påminnelse: videokonsultasjon hos Testklinikken/);
    // The clock moved by days: fresh logins keep the sessions within their lifetime.
    admin = await logIn(t, admin.user.email);
    clinician = await logIn(t, clinician.user.email);
  });

  it('goes back to the default with null', async () => {
    const r = await request('PUT', { offsetsMinutes: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(await view()).toMatchObject({ offsetsMinutes: [1440, 15], isCustomised: false });
    expect(await plannedRuns()).toEqual([1440, 15]);
  });
});
