import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientConfig } from '@samtale/protocol';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { storageBackends, type OpenedStorage } from '../../../test/helpers/storage-backends.ts';

const SECRET = 'a-long-random-turn-secret-for-tests';
const URLS =
  'turn:turn.example.org:3478?transport=udp,turn:turn.example.org:3478?transport=tcp,turns:turn.example.org:443?transport=tcp';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('TURN configuration', () => {
  it('reads the secret, the URLs (UDP, TCP and TLS on 443) and a one-hour default lifetime', () => {
    const config = loadConfig({ TURN_SECRET: SECRET, TURN_URLS: URLS });
    expect(config.turn).toEqual({ secret: SECRET, urls: URLS.split(','), ttlSeconds: 3600 });
  });

  it('has no TURN server unless one is configured', () => {
    expect(loadConfig({}).turn).toBeNull();
  });

  it('refuses TURN_URLS without TURN_SECRET, and the other way round, naming the missing variable', () => {
    expect(problemsOf({ TURN_URLS: URLS })).toEqual([expect.stringMatching(/^TURN_URLS: needs TURN_SECRET/)]);
    expect(problemsOf({ TURN_SECRET: SECRET })).toEqual([expect.stringMatching(/^TURN_SECRET: needs TURN_URLS/)]);
  });

  it('refuses a URL that is not turn: or turns:, a short secret and a lifetime out of range', () => {
    const problems = problemsOf({ TURN_SECRET: 'short', TURN_URLS: 'stun:x.org,turn:ok.org', TURN_TTL_SECONDS: '5' });
    expect(problems).toEqual([
      expect.stringMatching(/^TURN_SECRET: must be at least 16/),
      expect.stringMatching(/^TURN_URLS: not a turn:\/turns: URL: stun:x\.org$/),
      expect.stringMatching(/^TURN_TTL_SECONDS:/),
    ]);
  });
});

describe('the public client configuration with TURN configured', () => {
  let opened: OpenedStorage;
  let t: TestApp;
  beforeAll(async () => {
    const [backend] = storageBackends();
    if (backend === undefined) throw new Error('no storage backend');
    opened = await backend.open();
    t = await startTestApp(opened.storage, { TURN_SECRET: SECRET, TURN_URLS: URLS });
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('never contains the TURN secret nor TURN credentials (those go only to admitted participants)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/config' });
    expect(response.body).not.toContain(SECRET);
    expect(ClientConfig.parse(response.json()).iceServers).toEqual([]);
  });
});
