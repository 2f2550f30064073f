/**
 * Asserts the HTTP authorization matrix (`http-matrix.ts`) cell by cell against the real app:
 * an allowed cell answers 2xx; a refused cell answers 401, 403, 404 or 409 with a coded error
 * that is not a validation error (so it was refused for who asked, not for how), and leaves
 * every table's row count as it was. And the table lists exactly the routes the app has.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '@samtale/protocol';
import type { KyselyStorage } from '../../src/storage/create-storage.ts';
import { pgliteBackend, type OpenedStorage } from '../helpers/storage-backends.ts';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.ts';
import { startIdpFixture, type IdpFixture } from '../helpers/idp/rp-fixture.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { httpFixture, type HttpFixture } from './http-fixture.ts';
import { HTTP_ACTORS, HTTP_MATRIX, NOT_API_ROUTES } from './http-matrix.ts';

const REFUSAL_STATUSES = new Set([401, 403, 404, 409]);
const NOT_A_REFUSAL = new Set(['VALIDATION_FAILED', 'MESSAGE_MALFORMED', 'INTERNAL']);

/** `METHOD /path` of every route the app serves, read from Fastify's route tree (HEAD left out). */
export function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3}|[├└]── )*)(?:[├└]── )?(\S+) \(([A-Z, ]+)\)$/.exec(line.trimEnd());
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const segment = match[2] ?? '';
    const parent = depth === 0 ? '' : (stack[depth - 1] ?? '');
    const path = depth === 0 ? segment : parent === '/' ? `/${segment}` : `${parent}${segment}`;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

/** `headers` with `cookie` added to (or as) its Cookie header. */
function withCookie(headers: Record<string, string>, cookie: string | undefined): Record<string, string> {
  if (cookie === undefined) return headers;
  return { ...headers, cookie: headers.cookie === undefined ? cookie : `${headers.cookie}; ${cookie}` };
}

async function rowCounts(storage: KyselyStorage): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(storage.db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(storage.db);
    counts[name] = result.rows[0]?.n ?? -1;
  }
  return counts;
}

describe('HTTP authorization matrix (issue 8)', () => {
  let opened: OpenedStorage;
  let t: TestApp;
  let f: HttpFixture;
  let idporten: IdpFixture;

  beforeAll(async () => {
    opened = await pgliteBackend.open();
    // ID-porten's start pushes its request to a provider: a real one (idporten.test.ts has the rest).
    idporten = await startIdpFixture('idporten', `${TEST_PUBLIC_URL}/api/auth/idporten/callback`);
    // Every e-mail fails (a port nothing listens on), so that each appointment can be resent.
    t = await startTestApp(opened.storage, {
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
      MAIL_FROM: 'Klinikken <k@example.no>',
      IDPORTEN_ISSUER: idporten.idp.issuer,
      IDPORTEN_CLIENT_ID: idporten.clientId,
      IDPORTEN_PRIVATE_KEY_FILE: idporten.keyFile.path,
    });
    f = await httpFixture(t, opened.storage);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
    await idporten.close();
  });

  it('lists every route the app serves, and only those', () => {
    const served = routesOf(t.app.printRoutes({ commonPrefix: false })).filter((r) => !NOT_API_ROUTES.includes(r));
    const listed = HTTP_MATRIX.map((row) => `${row.method} ${row.route}`);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...served].sort()).toEqual([...listed].sort());
    // The parser really read the tree: the pages it leaves out were there too.
    const all = routesOf(t.app.printRoutes({ commonPrefix: false }));
    for (const page of NOT_API_ROUTES) expect(all).toContain(page);
  });

  for (const row of HTTP_MATRIX) {
    for (const actor of HTTP_ACTORS) {
      const allowed = row.allow.includes(actor);
      it(`${row.method} ${row.route} as ${actor}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const spec = await row.request(f, actor);
        const before = allowed ? undefined : await rowCounts(opened.storage);
        const response = await t.app.inject({
          method: row.method,
          url: spec.url,
          headers: withCookie(f.headersOf(actor), spec.cookie),
          ...(spec.body === undefined ? {} : { payload: spec.body as object }),
        });
        await row.after?.(f, actor);
        if (allowed) {
          expect(response.statusCode, response.body).toBeGreaterThanOrEqual(200);
          expect(response.statusCode, response.body).toBeLessThan(300);
          return;
        }
        expect(REFUSAL_STATUSES.has(response.statusCode), `${response.statusCode} ${response.body}`).toBe(true);
        const code: unknown = response.json<{ error?: { code?: unknown } }>().error?.code;
        expect(typeof code === 'string' && code in ERROR_CATALOGUE, response.body).toBe(true);
        expect(NOT_A_REFUSAL.has(code as string), response.body).toBe(false);
        expect(await rowCounts(opened.storage)).toEqual(before);
      });
    }
  }
});
