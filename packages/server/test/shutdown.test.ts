/**
 * Stopping `npm start` the way a process manager does (issue 7, item 5): systemd's default
 * `KillMode=control-group`, Docker and many supervisors send SIGTERM to every process of the
 * group at once — npm, scripts/start.mjs, the server and a supervised Janus — not only to the
 * top one. The shutdown must be the same clean one as after a single signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { isJanusAvailable } from '../src/media/sfu/janus/JanusSupervisor.ts';
import { JANUS_FOLDER_PREFIX } from '../src/media/sfu/janus/janus-config.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

interface Started {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in its own process group (detached), resolved once the server says it runs. */
function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  return new Promise((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`npm start exited (${String(code)}): ${lines.join('\n')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const match = /^Samtale is running at (\S+)$/.exec(line);
      if (match?.[1]) resolve({ child, url: match[1], lines, exited });
    });
  });
}

async function janusFolders(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith(JANUS_FOLDER_PREFIX));
}

describe('npm start under a process manager', () => {
  let dir: string | undefined;
  let started: Started | undefined;

  afterEach(async () => {
    // Only if the test failed half-way: never leave the group running.
    if (started?.child.pid !== undefined && started.child.exitCode === null && started.child.signalCode === null) {
      try {
        process.kill(-started.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shuts down cleanly when SIGTERM reaches the whole process group: logged, sockets closed with 1001, Janus folder removed, exit 0', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'samtale-shutdown-'));
    const tmp = path.join(dir, 'tmp');
    const web = path.join(dir, 'web');
    await Promise.all([mkdir(tmp), mkdir(web)]);
    // A web build of its own, so that `npm start` has nothing to build.
    await writeFile(path.join(web, 'index.html'), '<!doctype html><title>Samtale</title>');
    const { DATABASE_URL: _db, PUBLIC_URL: _pu, PORT: _port, ...inherited } = process.env;
    started = await npmStart({
      ...inherited,
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      WEB_DIST_DIR: web,
      // The supervised Janus's private folder goes here, where the test can look for it.
      TMPDIR: tmp,
      LOG_LEVEL: 'info',
      JANUS_RTP_PORT_RANGE: '20500-20520',
    });
    const { child, url, lines, exited } = started;
    if (await isJanusAvailable()) expect(await janusFolders(tmp)).toHaveLength(1);

    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin: url });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    if (child.pid === undefined) throw new Error('npm start has no pid');
    process.kill(-child.pid, 'SIGTERM');

    expect(await closed).toBe(1001);
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(lines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
    expect(await janusFolders(tmp)).toEqual([]);
    // Janus was stopped by the server after its sessions closed, not killed by the group's signal
    // under the server's feet (seen as a lost instance, or a death and a restart).
    expect(lines.filter((line) => /janus exited|sfu instance lost/.test(line))).toEqual([]);
  }, 60_000);
});
