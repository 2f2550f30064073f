/**
 * Test support: a built (not listening) app over a given storage, with a movable clock, captured
 * log lines, and helpers to set up an admin, add users and log in through the real API.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, SessionView, type UserRole } from '@samtale/protocol';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { InMemoryBus } from '../../src/cluster/InMemoryBus.ts';
import type { Bus } from '../../src/cluster/Bus.ts';
import { buildApp } from '../../src/app.ts';
import { issueSetupToken } from '../../src/admin/setup-token.ts';
import type { Storage } from '../../src/storage/types.ts';
import type { OidcClientDeps } from '../../src/auth/oidc/OidcClient.ts';

export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  clock: TestClock;
  /** Every log line the app wrote (JSON). */
  logs: string[];
  close(): Promise<void>;
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
  user: SessionView['user'];
}

export const TEST_PUBLIC_URL = 'https://samtale.test';

/** Builds the app over `storage` (the caller owns and closes the storage). */
export async function startTestApp(
  storage: Storage,
  env: Record<string, string> = {},
  deps: {
    bus?: Bus;
    isPollingJobs?: boolean;
    clock?: TestClock;
    helseId?: OidcClientDeps;
    idporten?: OidcClientDeps;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    PUBLIC_URL: TEST_PUBLIC_URL,
    DATA_DIR: os.tmpdir(),
    WEB_DIST_DIR: path.join(os.tmpdir(), `samtale-no-web-${randomUUID()}`),
    LOG_LEVEL: 'info',
    ...env,
  });
  const clock: TestClock = deps.clock ?? {
    now: new Date('2030-01-15T09:00:00.000Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const logs: string[] = [];
  const bus = deps.bus ?? new InMemoryBus();
  const ownsBus = deps.bus === undefined;
  const app = await buildApp(config, {
    storage,
    bus,
    now: () => clock.now,
    logger: { stream: { write: (line: string) => logs.push(line) } },
    ...(deps.isPollingJobs === undefined ? {} : { isPollingJobs: deps.isPollingJobs }),
    ...(deps.helseId === undefined ? {} : { helseId: deps.helseId }),
    ...(deps.idporten === undefined ? {} : { idporten: deps.idporten }),
  });
  await app.ready();
  return {
    app,
    config,
    clock,
    logs,
    async close() {
      await app.close();
      if (ownsBus) await bus.close();
    },
  };
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'samtale_session');
  if (!cookie) throw new TypeError(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

/** Headers of a cookie-authenticated write. */
export function authHeaders(session: TestSession): Record<string, string> {
  return { cookie: session.cookie, [CSRF_HEADER]: session.csrfToken };
}

/** A fresh email no other test uses. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.no`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates the first admin through /api/setup (once per storage). */
export async function setUpAdmin(
  t: TestApp,
  storage: Storage,
  organisationName = 'Testklinikken',
): Promise<TestSession> {
  const setupToken = await issueSetupToken(storage);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: {
      setupToken,
      organisationName,
      email: uniqueEmail('admin'),
      displayName: 'Ada Admin',
      password: TEST_PASSWORD,
    },
  });
  if (response.statusCode !== 200) throw new TypeError(`setup failed: ${response.body}`);
  const body = SessionView.parse(response.json());
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, user: body.user };
}

/** Logs in through the API. */
export async function logIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<TestSession> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new TypeError(`login failed: ${response.body}`);
  const body = SessionView.parse(response.json());
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, user: body.user };
}

/** Creates a user through the admin API and logs them in. */
export async function addUser(t: TestApp, admin: TestSession, role: UserRole = 'clinician'): Promise<TestSession> {
  const email = uniqueEmail(role);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: authHeaders(admin),
    payload: { email, displayName: 'Kari Klinikar', role, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 201) throw new TypeError(`user creation failed: ${response.body}`);
  return logIn(t, email);
}
