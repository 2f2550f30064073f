/**
 * Idle memory of one server process (issue 10, "Memory of one node"; budget 250 MiB on the
 * embedded default): RSS of `packages/server/src/main.ts` as `npm start` runs it, a few seconds
 * after it is ready, on PGlite's first start (a new data folder), on PGlite's next start (the same
 * folder), and on PostgreSQL. Janus, when the server starts one, is its own process and not counted.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { REPO_ROOT } from '../e2e/fixtures/fake-media.ts';
import { withAdminClient } from '../packages/server/test/helpers/storage-backends.ts';
import { procStat } from './proc-stat.ts';

const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');
const RUNNING = /Samtale is running at /;
/** How long the process idles after printing its URL before RSS is read. */
const SETTLE_MS = 5_000;

export interface IdleMemory {
  pgliteFirstStartBytes: number;
  pgliteRestartBytes: number;
  postgresBytes: number | null;
}

async function idleRss(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: Object.fromEntries(
      Object.entries({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (RUNNING.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`the server exited (${code}) before it ran:\n${output.slice(-2000)}`)),
      );
    });
    await delay(SETTLE_MS);
    const stat = child.pid === undefined ? null : procStat(child.pid);
    if (stat === null) throw new Error('the server process is gone');
    return stat.rssBytes;
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

/** On a new database of the PostgreSQL server at `adminUrl`, dropped afterwards. */
async function idleRssOnPostgres(adminUrl: string, dataDir: string): Promise<number> {
  const name = `samtale_bench_memory_${process.pid}`;
  await withAdminClient(adminUrl, (c) => c.query(`create database ${name}`));
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await idleRss({ DATA_DIR: dataDir, DATABASE_URL: url.toString() });
  } finally {
    await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

/** The three figures; PostgreSQL's is null when `postgresUrl` is. */
export async function measureIdleMemory(postgresUrl: string | null): Promise<IdleMemory> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'samtale-bench-memory-'));
  try {
    const pgliteFirstStartBytes = await idleRss({ DATA_DIR: dataDir, DATABASE_URL: undefined });
    const pgliteRestartBytes = await idleRss({ DATA_DIR: dataDir, DATABASE_URL: undefined });
    const postgresBytes = postgresUrl === null ? null : await idleRssOnPostgres(postgresUrl, path.join(dataDir, 'pg'));
    return { pgliteFirstStartBytes, pgliteRestartBytes, postgresBytes };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
