/**
 * Opens the embedded database (PGlite) so that a small machine can hold it (issue 10, "Memory of
 * one node": 908 MiB RSS at idle was measured from outside; the budget is 250 MiB).
 *
 * Two things made it large, both measured with PGlite 0.5 on its own (bench/ prints the server's):
 * - PostgreSQL's defaults are for a dedicated server: 128 MB of shared buffers, each touched page
 *   resident in the WebAssembly heap, which never shrinks. One clinic's data is a few megabytes;
 *   PGLITE_SETTINGS takes PGlite reopened on an existing folder from 311 to 154 MiB.
 * - initdb (the first start) touches ~750 MiB of WebAssembly memory. It runs in a child process
 *   here, whose memory is returned when it ends, instead of in the server's own heap.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** postgresql.conf lines for the embedded default (documented in docs/OPERATIONS.md). */
export const PGLITE_SETTINGS: readonly string[] = [
  // Pages cached by PostgreSQL itself; the OS caches the files below it as well.
  'shared_buffers=16MB',
  // Per sort or hash in a query: ours sort a day's appointments or a page of audit rows.
  'work_mem=2MB',
  'maintenance_work_mem=16MB',
  'wal_buffers=512kB',
];

/** Creates the cluster in `dir` in a child process that exits afterwards (see above). */
async function initDataDir(dir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // Plain CommonJS run by node itself: no TypeScript loader is needed, and all of initdb's
  // memory goes back to the system when the process ends (a worker thread's did not, here).
  const source = `
    const [entry, dir, settings] = process.argv.slice(1);
    require(entry).PGlite.create(dir, { postgresqlconf: JSON.parse(settings) }).then((db) => db.close());
  `;
  const child = spawn(process.execPath, ['-e', source, entry, dir, JSON.stringify(PGLITE_SETTINGS)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`PGlite's initdb in ${dir} failed (exit ${code}): ${stderr.trim()}`);
}

/** PGlite on the folder `dir` (made on first use), with the small-machine settings. */
export async function openPglite(dir: string): Promise<PGlite> {
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await initDataDir(dir);
  return PGlite.create(dir, { postgresqlconf: [...PGLITE_SETTINGS] });
}

/** PGlite in memory (tests), with the same settings. */
export function openPgliteInMemory(): Promise<PGlite> {
  return PGlite.create({ postgresqlconf: [...PGLITE_SETTINGS] });
}
