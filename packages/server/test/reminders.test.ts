/**
 * Reminders from the durable job queue (issue 9, ADR 0017), with SMS through a server that speaks
 * Sveve's API and e-mail through a real SMTP server. The queue does not poll here: each test moves
 * the clock and calls `runDue()`, so nothing waits on time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, AppointmentAnswer, AppointmentList } from '@samtale/protocol';
import { openStorage, type KyselyStorage } from '../src/storage/create-storage.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  logIn,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestClock,
  type TestSession,
} from './helpers/test-app.ts';
import { startTestSmtp, type TestSmtp } from './helpers/test-smtp.ts';
import { startTestSveve, type TestSveve } from './helpers/test-sveve.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function smsEnv(sveve: TestSveve, smtp: TestSmtp): Record<string, string> {
  return {
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Testklinikken <time@klinikken.test>',
    SMS_PROVIDER: 'sveve',
    SVEVE_URL: sveve.url,
    SVEVE_USER: sveve.user,
    SVEVE_PASSWORD: sveve.password,
    SVEVE_FROM: 'Klinikken',
    SMS_TIMEOUT_SECONDS: '1',
  };
}

function sharedClock(): TestClock {
  return {
    now: new Date('2030-01-15T09:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
}

async function book(t: TestApp, clinician: TestSession, startsAt: Date, contact: object = {}) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/appointments',
    headers: authHeaders(clinician),
    payload: {
      startsAt: startsAt.toISOString(),
      durationMinutes: 30,
      kind: 'results',
      label: 'Kari N. – HbA1c-svar',
      contact: { email: 'kari@example.no', phone: '912 34 567', ...contact },
      language: 'nb',
    },
  });
  return r;
}

async function booked(t: TestApp, clinician: TestSession, startsAt: Date, contact: object = {}) {
  const r = await book(t, clinician, startsAt, contact);
  expect(r.statusCode, r.body).toBe(201);
  return AppointmentAnswer.parse(r.json()).appointment;
}

describe.each(storageBackends())('reminders and SMS on $name', (backend) => {
  let opened: OpenedStorage;
  let smtp: TestSmtp;
  let sveve: TestSveve;
  let t: TestApp;
  let clinician: TestSession;
  let nextDay = 2;
  /** A slot `days` days and an hour from the clock's now (a fresh one per test: no overlaps). */
  const slot = () => new Date(t.clock.now.getTime() + nextDay++ * 24 * HOUR + HOUR);

  beforeAll(async () => {
    opened = await backend.open();
    smtp = await startTestSmtp();
    sveve = await startTestSveve();
    t = await startTestApp(opened.storage, smsEnv(sveve, smtp), { isPollingJobs: false });
    clinician = await addUser(t, await setUpAdmin(t, opened.storage));
  });
  // The tests move the clock by days: a fresh login keeps the session within its lifetime.
  beforeEach(async () => {
    clinician = await logIn(t, clinician.user.email);
  });
  afterEach(() => sveve.failWith(null));
  afterAll(async () => {
    await t.close();
    await sveve.close();
    await smtp.close();
    await opened.dispose();
  });

  const runDue = () => t.app.samtale.jobs.runDue();
  const view = async (id: string) => {
    clinician = await logIn(t, clinician.user.email);
    const r = await t.app.inject({ method: 'GET', url: '/api/appointments', headers: authHeaders(clinician) });
    const found = AppointmentList.parse(r.json()).appointments.find((a) => a.id === id);
    if (found === undefined) throw new TypeError('appointment not in the day view');
    return found;
  };

  it('sends the invitation by SMS and reminds 24 h and 15 min before, each once, by SMS and e-mail', async () => {
    const startsAt = new Date(t.clock.now.getTime() + 48 * HOUR);
    const appointment = await booked(t, clinician, startsAt);
    expect(appointment.sms).toMatchObject({ purpose: 'invitation', status: 'sent', reason: null });
    const invitationSms = await sveve.nextSms();
    expect(invitationSms).toMatchObject({ to: '91234567', from: 'Klinikken' });
    expect(invitationSms.msg).toMatch(
      /^Du har time til videokonsultasjon hos Testklinikken .*https:\/\/samtale\.test\/j\//,
    );
    await smtp.nextMail();

    const pending = await opened.storage.jobs.list(`reminder:${appointment.id}:`);
    expect(pending.map((j) => [j.runAt.toISOString(), j.status])).toEqual([
      [new Date(startsAt.getTime() - 24 * HOUR).toISOString(), 'pending'],
      [new Date(startsAt.getTime() - 15 * MINUTE).toISOString(), 'pending'],
    ]);
    expect(await runDue()).toBe(0);

    t.clock.advance(24 * HOUR + MINUTE);
    expect(await runDue()).toBe(1);
    const reminder = await sveve.nextSms();
    expect(reminder.msg).toMatch(
      /^Påminnelse: videokonsultasjon hos Testklinikken .*https:\/\/samtale\.test\/j\/[\w-]{43}$/,
    );
    expect(reminder.msg).not.toContain('HbA1c');
    const mail = await smtp.nextMail();
    expect(mail.subject).toMatch(/^Påminnelse: videokonsultasjon hos Testklinikken/);
    expect(mail.text).not.toContain('HbA1c');
    expect(await runDue()).toBe(0);
    expect((await view(appointment.id)).sms).toMatchObject({ purpose: 'reminder', status: 'sent' });

    t.clock.advance(24 * HOUR - 16 * MINUTE);
    const before = sveve.received.length;
    expect(await runDue()).toBe(1);
    expect(sveve.received.length).toBe(before + 1);
    await smtp.nextMail();
    await sveve.nextSms();
    expect(await runDue()).toBe(0);
    expect((await opened.storage.jobs.list(`reminder:${appointment.id}:`)).map((j) => j.status)).toEqual([
      'done',
      'done',
    ]);
  });

  it('moves the reminders with a rescheduled appointment and removes them when it is cancelled', async () => {
    const first = slot();
    const appointment = await booked(t, clinician, first, { email: '' });
    await sveve.nextSms();
    const moved = new Date(first.getTime() + 3 * HOUR);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/appointments/${appointment.id}/reschedule`,
      headers: authHeaders(clinician),
      payload: { startsAt: moved.toISOString(), durationMinutes: 30 },
    });
    expect(r.statusCode, r.body).toBe(200);
    await sveve.nextSms();
    const jobs = await opened.storage.jobs.list(`reminder:${appointment.id}:`);
    expect(jobs.map((j) => j.runAt.getTime())).toEqual([moved.getTime() - 24 * HOUR, moved.getTime() - 15 * MINUTE]);

    const c = await t.app.inject({
      method: 'POST',
      url: `/api/appointments/${appointment.id}/cancel`,
      headers: authHeaders(clinician),
    });
    expect(c.statusCode, c.body).toBe(200);
    expect((await sveve.nextSms()).msg).toMatch(/er avlyst\.$/);
    expect(await opened.storage.jobs.list(`reminder:${appointment.id}:`)).toEqual([]);
  });

  it('refuses numbers that are not Norwegian mobiles with PHONE_INVALID and stores nothing', async () => {
    for (const phone of ['22 12 34 56', '+46 70 123 45 67', '5123456']) {
      const r = await book(t, clinician, slot(), { phone });
      expect(r.statusCode).toBe(400);
      expect(ApiError.parse(r.json()).error.code).toBe('PHONE_INVALID');
    }
  });

  it('records a gateway answering 500 as failed with its reason, and resends the SMS when asked', async () => {
    sveve.failWith('http-500');
    const appointment = await booked(t, clinician, slot());
    await smtp.nextMail();
    expect(appointment.email).toMatchObject({ status: 'sent' });
    expect(appointment.sms).toMatchObject({ purpose: 'invitation', status: 'failed', reason: 'Sveve: HTTP 500' });
    sveve.failWith(null);
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/appointments/${appointment.id}/resend`,
      headers: authHeaders(clinician),
    });
    expect(r.statusCode, r.body).toBe(200);
    const answer = AppointmentAnswer.parse(r.json());
    expect(answer.appointment.sms).toMatchObject({ purpose: 'invitation', status: 'sent' });
    expect(answer.appointment.email).toMatchObject({ status: 'sent' });
    const resent = await sveve.nextSms();
    expect(resent.msg).toContain(answer.invitation?.url ?? 'no link');
  });

  it('retries a reminder the gateway timed out on, after a backoff, without sending the e-mail twice', async () => {
    const startsAt = slot();
    const appointment = await booked(t, clinician, startsAt);
    await sveve.nextSms();
    await smtp.nextMail();
    t.clock.advance(startsAt.getTime() - 24 * HOUR - t.clock.now.getTime());
    sveve.failWith('no-answer');
    // Reminders of the earlier tests' appointments may fall due too; this test follows its own.
    await runDue();
    await smtp.nextMail();
    expect((await view(appointment.id)).sms).toMatchObject({
      purpose: 'reminder',
      status: 'failed',
      reason: 'Sveve: no answer within 1000 ms',
    });
    const [job] = await opened.storage.jobs.list(`reminder:${appointment.id}:`);
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Sveve: no answer within 1000 ms' });

    sveve.failWith(null);
    await runDue();
    expect((await opened.storage.jobs.list(`reminder:${appointment.id}:`))[0]).toMatchObject({ attempts: 1 });
    t.clock.advance(30_000);
    const emailsBefore = await opened.storage.appointments.details(appointment.id);
    const received = sveve.received.length;
    await runDue();
    expect(sveve.received.slice(received).filter((m) => m.msg.startsWith('Påminnelse'))).toHaveLength(1);
    expect((await view(appointment.id)).sms).toMatchObject({ purpose: 'reminder', status: 'sent' });
    expect((await opened.storage.jobs.list(`reminder:${appointment.id}:`))[0]).toMatchObject({
      status: 'done',
      attempts: 2,
    });
    // The e-mail went with the first attempt; the retry sent only the SMS.
    expect((await opened.storage.appointments.details(appointment.id))?.latestEmail).toEqual(emailsBefore?.latestEmail);
  });
});

describe('a reminder due while the server is down', () => {
  let dataDir: string;
  let smtp: TestSmtp;
  let sveve: TestSveve;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-reminder-restart-'));
    smtp = await startTestSmtp();
    sveve = await startTestSveve();
  });
  afterAll(async () => {
    await sveve.close();
    await smtp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(clock: TestClock): Promise<{ t: TestApp; storage: KyselyStorage }> {
    const storage = await openStorage({ kind: 'pglite', dataDir });
    await storage.migrate();
    const t = await startTestApp(storage, smsEnv(sveve, smtp), { isPollingJobs: false, clock });
    return { t, storage };
  }
  async function stop(node: { t: TestApp; storage: KyselyStorage }): Promise<void> {
    await node.t.close();
    await node.storage.close();
  }

  it('fires exactly once after the restart', async () => {
    const clock = sharedClock();
    const first = await start(clock);
    const clinician = await addUser(first.t, await setUpAdmin(first.t, first.storage));
    const startsAt = new Date(clock.now.getTime() + 2 * HOUR);
    const appointment = await booked(first.t, clinician, startsAt, { email: '' });
    await sveve.nextSms();
    await stop(first);

    // Down from 1 h 50 min to 10 min before the start: the 15-minute reminder fell due meanwhile.
    clock.advance(HOUR + 50 * MINUTE);
    const second = await start(clock);
    expect(await second.t.app.samtale.jobs.runDue()).toBe(1);
    const reminder = await sveve.nextSms();
    expect(reminder.msg).toMatch(/^Påminnelse/);
    expect(await second.t.app.samtale.jobs.runDue()).toBe(0);
    await stop(second);

    const third = await start(clock);
    expect(await third.t.app.samtale.jobs.runDue()).toBe(0);
    const jobs = await third.storage.jobs.list(`reminder:${appointment.id}:`);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([['done', 1]]);
    await stop(third);
    expect(sveve.received.filter((s) => s.msg.startsWith('Påminnelse'))).toHaveLength(1);
  });
});

const postgresUrl = process.env.TEST_DATABASE_URL;
describe.runIf(postgresUrl !== undefined && postgresUrl !== '')('two nodes on one PostgreSQL', () => {
  it('send each reminder once', async () => {
    const [postgres] = storageBackends().filter((b) => b.name === 'PostgreSQL');
    if (postgres === undefined) throw new TypeError('no PostgreSQL backend');
    const opened = await postgres.open();
    const other = await openStorage({ kind: 'postgres', url: opened.databaseUrl ?? '' });
    const smtp = await startTestSmtp();
    const sveve = await startTestSveve();
    const clock = sharedClock();
    // One reminder, 4 h before: six appointments 5 h to 7 h 30 ahead all have theirs due at 4 h.
    const env = { ...smsEnv(sveve, smtp), REMINDER_OFFSETS_MINUTES: '240' };
    const a = await startTestApp(opened.storage, env, { isPollingJobs: false, clock });
    const b = await startTestApp(other, env, { isPollingJobs: false, clock });
    try {
      const clinician = await addUser(a, await setUpAdmin(a, opened.storage));
      const count = 6;
      for (let i = 0; i < count; i += 1) {
        await booked(a, clinician, new Date(clock.now.getTime() + 5 * HOUR + i * 30 * MINUTE), { email: '' });
      }
      const invitations = sveve.received.length;
      clock.advance(4 * HOUR);
      // Both nodes run what is due at once; each job is taken by one of them (SKIP LOCKED, the lease).
      const ran = await Promise.all([a.app.samtale.jobs.runDue(), b.app.samtale.jobs.runDue()]);
      expect(ran[0] + ran[1]).toBe(count);
      expect(await b.app.samtale.jobs.runDue()).toBe(0);
      const reminders = sveve.received.slice(invitations);
      expect(reminders).toHaveLength(count);
      expect(new Set(reminders.map((r) => r.ref)).size).toBe(count);
    } finally {
      await a.close();
      await b.close();
      await other.close();
      await sveve.close();
      await smtp.close();
      await opened.dispose();
    }
  });
});
