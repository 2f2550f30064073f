import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError, EquipmentTestIceAnswer } from '@samtale/protocol';
import { pgliteBackend, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';
import type { Storage } from '../storage/types.ts';
import { turnPassword } from '../media/turn/credentials.ts';
import { DEFAULT_EQUIPMENT_TEST_LIMITS } from './equipment-test.ts';

const TURN_ENV = {
  TURN_SECRET: 'equipment-test-secret-0123456789',
  TURN_URLS: 'turn:turn.samtale.test:3478?transport=udp,turns:turn.samtale.test:443?transport=tcp',
  ICE_SERVERS: JSON.stringify([{ urls: 'stun:stun.samtale.test:3478' }]),
};

/** The storage, with every use of it after `watch()` noted: the equipment test must use none. */
function watchedStorage(storage: Storage): { storage: Storage; watch(): void; used: string[] } {
  const used: string[] = [];
  let isWatching = false;
  const proxy = new Proxy(storage, {
    get(target, property, receiver) {
      if (isWatching) used.push(String(property));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return {
    storage: proxy,
    used,
    watch() {
      isWatching = true;
    },
  };
}

const ask = (t: TestApp, remoteAddress = '198.51.100.7', payload: unknown = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/equipment-test/ice-servers',
    remoteAddress,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const codeOf = (body: string): string => ApiError.parse(JSON.parse(body)).error.code;

describe('POST /api/equipment-test/ice-servers (the equipment test’s TURN credentials)', () => {
  let opened: OpenedStorage;
  let watched: ReturnType<typeof watchedStorage>;
  let t: TestApp;

  beforeAll(async () => {
    opened = await pgliteBackend.open();
    watched = watchedStorage(opened.storage);
    t = await startTestApp(watched.storage, TURN_ENV);
    watched.watch();
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('hands out the configured servers and a TURN credential of five minutes, without login, touching no storage', async () => {
    const response = await ask(t);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = EquipmentTestIceAnswer.parse(response.json());
    const expiry = t.clock.now.getTime() / 1000 + 300;
    expect(answer).toMatchObject({ hasTurn: true, expiresAt: new Date(expiry * 1000).toISOString() });
    expect(answer.iceServers[0]).toEqual({ urls: 'stun:stun.samtale.test:3478' });
    const turn = answer.iceServers[1];
    expect(turn?.urls).toEqual(TURN_ENV.TURN_URLS.split(','));
    expect(turn?.username).toMatch(new RegExp(`^${expiry}:equipment-test-[0-9a-f-]{36}$`));
    // coturn (use-auth-secret) accepts exactly this password for the username.
    expect(turn?.credential).toBe(turnPassword(TURN_ENV.TURN_SECRET, turn?.username ?? ''));
    // No database read or write, no audit event: the test stores nothing (issue 9).
    expect(watched.used).toEqual([]);
  });

  it('gives each run its own username, so one run’s credential is not another’s', async () => {
    const a = EquipmentTestIceAnswer.parse((await ask(t, '198.51.100.8')).json());
    const b = EquipmentTestIceAnswer.parse((await ask(t, '198.51.100.8')).json());
    expect(a.iceServers[1]?.username).not.toBe(b.iceServers[1]?.username);
  });

  it('answers RATE_LIMITED with a retry time past the allowance of one address, while other addresses go on', async () => {
    const address = '203.0.113.50';
    for (let i = 0; i < DEFAULT_EQUIPMENT_TEST_LIMITS.perAddress; i += 1) {
      expect((await ask(t, address)).statusCode).toBe(200);
    }
    const refused = await ask(t, address);
    expect(refused.statusCode).toBe(429);
    expect(codeOf(refused.body)).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_EQUIPMENT_TEST_LIMITS.windowMs / 1000);
    expect(ApiError.parse(JSON.parse(refused.body)).error.retryAfterSeconds).toBe(retryAfter);
    expect((await ask(t, '203.0.113.51')).statusCode).toBe(200);
    t.clock.advance(retryAfter * 1000);
    expect((await ask(t, address)).statusCode).toBe(200);
  });

  it('refuses any body but an empty object with a coded 400, and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { minKeys: 1 }),
          fc.array(fc.jsonValue()),
          fc.string(),
          fc.integer(),
        ),
        async (payload) => {
          const response = await t.app.inject({
            method: 'POST',
            url: '/api/equipment-test/ice-servers',
            remoteAddress: '192.0.2.200',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
          });
          expect(response.statusCode).toBe(400);
          // A `__proto__` key is refused by the JSON parser itself (prototype poisoning).
          expect(codeOf(response.body)).toMatch(/^(VALIDATION_FAILED|MESSAGE_MALFORMED)$/);
        },
      ),
      { seed: 9020, numRuns: 60 },
    );
    expect((await ask(t, '192.0.2.201', undefined)).statusCode).toBe(200);
    expect(watched.used).toEqual([]);
  });
});

describe('the equipment test on a server without TURN', () => {
  let opened: OpenedStorage;
  let t: TestApp;
  beforeAll(async () => {
    opened = await pgliteBackend.open();
    t = await startTestApp(opened.storage, { TURN_TTL_SECONDS: '120' });
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('says there is no TURN server, so the page skips the relay steps instead of failing them', async () => {
    const answer = EquipmentTestIceAnswer.parse((await ask(t)).json());
    expect(answer).toEqual({ iceServers: [], hasTurn: false, expiresAt: null });
  });
});

describe('a configured TURN TTL shorter than five minutes', () => {
  let opened: OpenedStorage;
  let t: TestApp;
  beforeAll(async () => {
    opened = await pgliteBackend.open();
    t = await startTestApp(opened.storage, { ...TURN_ENV, TURN_TTL_SECONDS: '120' });
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('is kept: the equipment test never gets a longer-lived credential than a call', async () => {
    const answer = EquipmentTestIceAnswer.parse((await ask(t)).json());
    expect(answer.expiresAt).toBe(new Date(t.clock.now.getTime() + 120_000).toISOString());
  });
});
