/**
 * "Equipment tested" on the day view (issue 9): the invitation e-mail's `/test#<key>` link lets a
 * test run report when it ran and ok/problem for that appointment — nothing else is accepted —
 * while the key opens nothing else, dies with its link, and unknown keys are braked per address
 * from the same allowance as unknown invitation links.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { ApiError, AppointmentAnswer, AppointmentList, PROTOCOL_VERSION, type ServerMessage } from '@samtale/protocol';
import { randomToken } from '../src/auth/tokens.ts';
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
import { TestClient } from './helpers/TestClient.ts';

const HOUR = 3_600_000;
const LIMIT = 6;

/** The call's token and the equipment test's key of an invitation e-mail. */
function linksIn(mail: ParsedMail): { token: string; key: string } {
  const text = mail.text ?? '';
  const token = /https:\/\/samtale\.test\/j\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  const key = /https:\/\/samtale\.test\/test#([A-Za-z0-9_-]{43})(?![\w-])/.exec(text)?.[1];
  if (token === undefined || key === undefined) throw new TypeError(`no links in: ${text}`);
  return { token, key };
}

describe.each(storageBackends())('the equipment test’s result on the day view on $name', (backend) => {
  let opened: OpenedStorage;
  let smtp: TestSmtp;
  let t: TestApp;
  let clinician: TestSession;
  let address = 0;

  const codeOf = (body: string) => ApiError.parse(JSON.parse(body)).error.code;
  /** Each test from its own client address, so that the per-address allowance is its own. */
  const freshAddress = () => `198.51.100.${(address += 1)}`;
  const report = (payload: object, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/equipment-test/result', payload, remoteAddress });
  const inspect = (token: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token }, remoteAddress });
  const post = (url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: authHeaders(clinician), ...(payload ? { payload } : {}) });
  const shown = async (id: string) => {
    const r = await t.app.inject({ method: 'GET', url: '/api/appointments', headers: authHeaders(clinician) });
    return AppointmentList.parse(r.json()).appointments.find((a) => a.id === id);
  };
  let nextSlot = 1;
  const book = async () => {
    const r = await post('/api/appointments', {
      startsAt: new Date(t.clock.now.getTime() + (nextSlot++ * 2 + 1) * HOUR).toISOString(),
      durationMinutes: 30,
      kind: 'follow-up',
      contact: { email: 'kari@example.no' },
      language: 'nb',
    });
    expect(r.statusCode, r.body).toBe(201);
    const { appointment } = AppointmentAnswer.parse(r.json());
    return { appointment, ...linksIn(await smtp.nextMail()) };
  };

  beforeAll(async () => {
    opened = await backend.open();
    smtp = await startTestSmtp();
    t = await startTestApp(opened.storage, {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Testklinikken <time@klinikken.test>',
      LINK_FAILED_ATTEMPTS_PER_ADDRESS: String(LIMIT),
      LINK_ATTEMPT_WINDOW_SECONDS: '60',
    });
    clinician = await addUser(t, await setUpAdmin(t, opened.storage));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await opened.dispose();
  });
  beforeEach(() => t.clock.advance(61_000));

  it('shows "equipment tested" with the time and verdict, then "link opened" once the patient opens the link', async () => {
    const { appointment, token, key } = await book();
    expect(key).not.toBe(token);
    const from = freshAddress();

    const r = await report({ key, verdict: 'problem' }, from);
    expect(r.statusCode, r.body).toBe(204);
    const testedAt = t.clock.now.toISOString();
    expect(await shown(appointment.id)).toMatchObject({
      status: 'equipment-tested',
      equipmentTest: { at: testedAt, verdict: 'problem' },
    });
    // A run again replaces the verdict; the status follows what the patient did last.
    t.clock.advance(60_000);
    expect((await report({ key, verdict: 'ok' }, from)).statusCode).toBe(204);
    t.clock.advance(60_000);
    expect((await inspect(token, from)).statusCode).toBe(200);
    expect(await shown(appointment.id)).toMatchObject({
      status: 'link-opened',
      equipmentTest: { at: new Date(t.clock.now.getTime() - 60_000).toISOString(), verdict: 'ok' },
    });
  });

  it('refreshes the live dashboard when the test reports', async () => {
    const listening = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const dashboard = await TestClient.open(`${listening.replace('http', 'ws')}/ws`, clinician.cookie);
    try {
      dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
      await dashboard.next('dashboard');
      const { appointment, key } = await book();
      expect((await report({ key, verdict: 'ok' }, freshAddress())).statusCode).toBe(204);
      await dashboard.nextWhere(
        (m: ServerMessage): m is Extract<ServerMessage, { type: 'dashboard' }> =>
          m.type === 'dashboard' &&
          (m.appointments ?? []).some((a) => a.id === appointment.id && a.status === 'equipment-tested'),
        'the appointment, equipment tested',
      );
    } finally {
      await dashboard.close();
    }
  });

  it('accepts only the key and ok/problem: anything more about the run is refused and nothing is kept', async () => {
    const { appointment, key } = await book();
    const from = freshAddress();
    for (const payload of [
      { key, verdict: 'ok', steps: { camera: 'fail' } },
      { key, verdict: 'good' },
      { key, verdict: 'ok', rttMs: 40 },
      { key: `${key}x`, verdict: 'ok' },
      { verdict: 'ok' },
    ]) {
      const r = await report(payload, from);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(codeOf(r.body)).toBe('VALIDATION_FAILED');
    }
    expect(await shown(appointment.id)).toMatchObject({ status: 'invited', equipmentTest: null });
  });

  it('keeps the key and the call’s token apart: neither works in the other’s place', async () => {
    const { appointment, token, key } = await book();
    const from = freshAddress();
    expect(codeOf((await report({ key: token, verdict: 'ok' }, from)).body)).toBe('INVITATION_INVALID');
    expect(codeOf((await inspect(key, from)).body)).toBe('INVITATION_INVALID');
    expect(await shown(appointment.id)).toMatchObject({ status: 'invited', equipmentTest: null });
  });

  it('ends with its link: a moved appointment’s old key is withdrawn and the new e-mail’s works; cancelled and expired ones are refused', async () => {
    const from = freshAddress();
    const moved = await book();
    const r = await post(`/api/appointments/${moved.appointment.id}/reschedule`, {
      startsAt: new Date(t.clock.now.getTime() + 200 * HOUR).toISOString(),
      durationMinutes: 30,
    });
    expect(r.statusCode, r.body).toBe(200);
    const update = linksIn(await smtp.nextMail());
    expect(codeOf((await report({ key: moved.key, verdict: 'ok' }, from)).body)).toBe('INVITATION_REVOKED');
    expect((await report({ key: update.key, verdict: 'ok' }, from)).statusCode).toBe(204);

    const cancelled = await book();
    expect((await post(`/api/appointments/${cancelled.appointment.id}/cancel`)).statusCode).toBe(200);
    await smtp.nextMail();
    expect(codeOf((await report({ key: cancelled.key, verdict: 'ok' }, from)).body)).toBe('INVITATION_REVOKED');
    expect(await shown(cancelled.appointment.id)).toMatchObject({ status: 'cancelled', equipmentTest: null });

    const late = await book();
    t.clock.advance(400 * HOUR);
    expect(codeOf((await report({ key: late.key, verdict: 'ok' }, from)).body)).toBe('INVITATION_EXPIRED');
    // The clinician's session did not last that long.
    clinician = await logIn(t, clinician.user.email);
  });

  it('brakes guessed keys per address from the allowance of link inspection; real keys never count', async () => {
    const { key } = await book();
    const from = freshAddress();
    for (let i = 0; i < LIMIT - 1; i += 1) {
      expect(codeOf((await report({ key: randomToken(32), verdict: 'ok' }, from)).body)).toBe('INVITATION_INVALID');
      // The patient's own key in between is no guess.
      expect((await report({ key, verdict: 'ok' }, from)).statusCode).toBe(204);
    }
    expect(codeOf((await inspect(randomToken(32), from)).body)).toBe('INVITATION_INVALID');
    const limited = await report({ key: randomToken(32), verdict: 'ok' }, from);
    expect(limited.statusCode).toBe(429);
    expect(codeOf(limited.body)).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(codeOf((await inspect(randomToken(32), from)).body)).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await report({ key, verdict: 'ok' }, freshAddress())).statusCode).toBe(204);
  });
});
