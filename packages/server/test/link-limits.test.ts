/**
 * Guessing links is braked per client address (issue 8: 600 random tokens at 483/s got no 429),
 * on POST /api/invitations/inspect and the WebSocket join alike, from one shared allowance.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CreatedConsultation } from '@samtale/protocol';
import { randomToken } from '../src/auth/tokens.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';
import { joinWithLinkMessage } from './helpers/signaling-fixtures.ts';
import { TestClient } from './helpers/TestClient.ts';

const LIMIT = 5;

describe.each(storageBackends())('link guessing limits on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let url: string;
  let clinician: TestSession;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage, {
      LINK_FAILED_ATTEMPTS_PER_ADDRESS: String(LIMIT),
      LINK_ATTEMPT_WINDOW_SECONDS: '60',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
    clinician = await addUser(t, await setUpAdmin(t, opened.storage));
  });
  afterAll(async () => {
    await Promise.all(clients.filter((c) => c.isOpen).map((c) => c.close()));
    await t.close();
    await opened.dispose();
  });

  async function connect(): Promise<TestClient> {
    const client = await TestClient.open(url);
    clients.push(client);
    return client;
  }

  async function realLink(): Promise<string> {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(clinician),
      payload: {},
    });
    return CreatedConsultation.parse(r.json()).invitation.url?.split('/j/')[1] ?? '';
  }

  const inspect = (token: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/invitations/inspect', remoteAddress, payload: { token } });

  it('answers 429 RATE_LIMITED with Retry-After once one address has tried the configured number of unknown links, even all at once', async () => {
    const address = '203.0.113.21';
    const responses = await Promise.all(Array.from({ length: LIMIT + 10 }, () => inspect(randomToken(32), address)));
    const codes = responses.map((r) => ApiError.parse(r.json()).error.code);
    expect(codes.filter((c) => c === 'INVITATION_INVALID')).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    const limited = responses.find((r) => r.statusCode === 429);
    const retryAfter = Number(limited?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(ApiError.parse(limited?.json()).error.retryAfterSeconds).toBe(retryAfter);

    // Another address is not affected; the limited one may try again after Retry-After.
    const token = await realLink();
    expect((await inspect(token, '203.0.113.22')).statusCode).toBe(200);
    expect((await inspect(token, address)).statusCode).toBe(429);
    t.clock.advance(retryAfter * 1000);
    expect((await inspect(token, address)).statusCode).toBe(200);
  });

  it('never counts a patient opening their own link again and again', async () => {
    const token = await realLink();
    for (let i = 0; i < LIMIT * 3; i += 1) expect((await inspect(token, '203.0.113.23')).statusCode).toBe(200);
  });

  it('brakes link guesses on the WebSocket join too, from the same allowance as inspect', async () => {
    // The sockets come from 127.0.0.1, as do inject's requests by default.
    for (let i = 0; i < LIMIT - 1; i += 1) {
      expect((await inspect(randomToken(32), '127.0.0.1')).statusCode).toBe(404);
    }
    const socket = await connect();
    expect(await socket.expectError(joinWithLinkMessage(randomToken(32), 'Gjetter', 'j1'))).toMatchObject({
      code: 'INVITATION_INVALID',
      ref: 'j1',
    });
    const refused = await socket.expectError(joinWithLinkMessage(randomToken(32), 'Gjetter', 'j2'));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', ref: 'j2' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // Even a real link waits: the address is out of tries until the window moves on.
    expect(await socket.expectError(joinWithLinkMessage(await realLink(), 'Kari', 'j3'))).toMatchObject({
      code: 'RATE_LIMITED',
    });
    t.clock.advance((refused.retryAfterSeconds ?? 0) * 1000);
    socket.send(joinWithLinkMessage(await realLink(), 'Kari', 'j4'));
    expect((await socket.next('welcome')).state).toBe('waiting');
  });
});
