/**
 * What the database costs during a measured window, so the join bench can show it beside the
 * server's CPU: the SQL statements sent (both drivers, `begin`/`commit` included, since Kysely
 * sends those through the same `query`), the CPU spent inside PGlite's `query` calls (PGlite runs
 * in the server's process), and the CPU of a PostgreSQL database's backend processes (from /proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { cpuSnapshot, cpuSpentMs, procStat, type ProcStat } from './proc-stat.ts';

export interface SqlMeasure {
  statements: number;
  /** CPU (user + system) of this process while a PGlite query was in flight, ms. */
  pgliteCpuMs: number;
}

type QueryMethod = (...args: unknown[]) => unknown;

/**
 * Wraps `PGlite#query` and `pg.Client#query` until `stop()`. A PGlite query is measured from the
 * call until its promise settles; the bench runs one join at a time, so little else runs meanwhile.
 */
export function startSqlMeter(): { stop(): SqlMeasure } {
  const measure: SqlMeasure = { statements: 0, pgliteCpuMs: 0 };
  const pgliteProto = PGlite.prototype as unknown as { query: QueryMethod };
  const pgProto = pg.Client.prototype as unknown as { query: QueryMethod };
  const hadOwnPglite = Object.hasOwn(pgliteProto, 'query');
  const hadOwnPg = Object.hasOwn(pgProto, 'query');
  const pgliteQuery = pgliteProto.query;
  const pgQuery = pgProto.query;
  pgliteProto.query = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    measure.statements += 1;
    const before = process.cpuUsage();
    try {
      return await pgliteQuery.apply(this, args);
    } finally {
      const used = process.cpuUsage(before);
      measure.pgliteCpuMs += (used.user + used.system) / 1000;
    }
  };
  pgProto.query = function (this: unknown, ...args: unknown[]): unknown {
    measure.statements += 1;
    return pgQuery.apply(this, args);
  };
  return {
    stop() {
      if (hadOwnPglite) pgliteProto.query = pgliteQuery;
      else delete (pgliteProto as Partial<typeof pgliteProto>).query;
      if (hadOwnPg) pgProto.query = pgQuery;
      else delete (pgProto as Partial<typeof pgProto>).query;
      return { ...measure };
    },
  };
}

/** The PostgreSQL backend processes serving `database` (their title names it, see ps(1)). */
export function postgresBackends(database: string): ProcStat[] {
  const found: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // e.g. "postgres: 15/main: postgres samtale_bench_0a1b 127.0.0.1(51234) idle"
    if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
    const stat = procStat(Number(name));
    if (stat !== null) found.push(stat);
  }
  return found;
}

/**
 * CPU of `database`'s backends between `start()` and `stop()`, ms (backends started meanwhile count
 * whole); `found` is how many backends were seen (0: the server is not on this machine).
 */
export function startBackendMeter(database: string): { stop(): { cpuMs: number; found: number } } {
  const before = cpuSnapshot(postgresBackends(database));
  return {
    stop() {
      const after = cpuSnapshot(postgresBackends(database));
      return { cpuMs: cpuSpentMs(before, after), found: after.size };
    },
  };
}
