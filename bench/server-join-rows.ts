/**
 * The join bench on both storage backends, and its rows in `npm run bench`'s table: server CPU per
 * join on PGlite (with the part inside PGlite queries) and on PostgreSQL (with the database's
 * backend processes beside it), SQL statements per join, and latency, each beside the bare ws floor.
 */
import { benchPostgresUrl, measureJoinCpu, type CpuWindow, type JoinCpuWindow } from './server-join-cpu.ts';

export interface JoinCpuOnBothBackends {
  pglite: JoinCpuWindow;
  postgres: { kind: 'measured'; window: JoinCpuWindow } | { kind: 'skipped'; reason: string };
}

/** `joins` joins on PGlite, then on a fresh PostgreSQL database (skipped, with why, when none answers). */
export async function measureJoinCpuOnBothBackends(joins: number): Promise<JoinCpuOnBothBackends> {
  const pglite = await measureJoinCpu(joins, { kind: 'pglite' });
  const server = await benchPostgresUrl();
  if (server.url === null) return { pglite, postgres: { kind: 'skipped', reason: server.reason } };
  return {
    pglite,
    postgres: { kind: 'measured', window: await measureJoinCpu(joins, { kind: 'postgres', adminUrl: server.url }) },
  };
}

type Row = readonly [string, string, string, string];
const ms2 = (value: number): string => `${value.toFixed(2)} ms`;
const count = (value: number): string => value.toFixed(1).replace(/\.0$/, '');

const millions = (value: number | null): string => (value === null ? 'n/a (no perf)' : `${(value / 1e6).toFixed(2)} M`);

function instructionsRow(join: CpuWindow, floor: CpuWindow): Row {
  return [
    '  instructions per join, our process (perf)',
    millions(join.instructionsPerOp),
    `bare ws: ${millions(floor.instructionsPerOp)}`,
    '',
  ];
}

/** The table rows of the join figures. */
export function joinRows(join: JoinCpuOnBothBackends, floor: CpuWindow): Row[] {
  const bare = `bare ws connect + echo: ${ms2(floor.cpuMsPerOp)}`;
  const { pglite, postgres } = join;
  const rows: Row[] = [
    ['Server CPU per join, PGlite (in process)', ms2(pglite.cpuMsPerOp), bare, '<= 5 ms'],
    ['  of which inside PGlite queries', ms2(pglite.pgliteCpuMsPerOp ?? Number.NaN), '', ''],
    ['  SQL statements per join', count(pglite.statementsPerJoin), '', ''],
    instructionsRow(pglite, floor),
    ['  join latency, median', ms2(pglite.medianLatencyMs), `bare ws: ${ms2(floor.medianLatencyMs)}`, ''],
  ];
  if (postgres.kind === 'skipped') {
    rows.push(['Server CPU per join, PostgreSQL', `skipped: ${postgres.reason}`, '', '']);
    return rows;
  }
  const pg = postgres.window;
  const backends = pg.postgresCpuMsPerOp;
  rows.push(
    ['Server CPU per join, PostgreSQL (our process)', ms2(pg.cpuMsPerOp), bare, '<= 5 ms'],
    [
      '  PostgreSQL backends (other processes)',
      backends === null || backends === undefined ? 'not readable (server not on this machine)' : ms2(backends),
      '',
      '',
    ],
    ['  SQL statements per join', count(pg.statementsPerJoin), '', ''],
    instructionsRow(pg, floor),
    ['  join latency, median', ms2(pg.medianLatencyMs), `bare ws: ${ms2(floor.medianLatencyMs)}`, ''],
  );
  return rows;
}
