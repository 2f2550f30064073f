/**
 * `npm run cli -- purge [--dry-run]` as an operator runs it (a child process) over the embedded
 * database: the dry run prints the counts (finished jobs too) and changes nothing; the run removes them, once.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../storage/create-storage.ts';

const SERVER_SRC = path.resolve(import.meta.dirname, '..');
const REPO_ROOT = path.resolve(SERVER_SRC, '../../..');
const DAY = 86_400_000;

function runCli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _db, PUBLIC_URL: _pu, PORT: _port, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(SERVER_SRC, 'cli.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...rest, LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

async function tableText(dataDir: string): Promise<string> {
  const storage = await createStorage({ dataDir, databaseUrl: null });
  try {
    const parts: unknown[] = [];
    for (const table of ['consultations', 'participants', 'sessions', 'audit_events', 'jobs']) {
      parts.push((await sql`select * from ${sql.table(table)} order by 1`.execute(storage.db)).rows);
    }
    return JSON.stringify(parts);
  } finally {
    await storage.close();
  }
}

describe('npm run cli -- purge', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-purge-'));
    const storage = await createStorage({ dataDir, databaseUrl: null });
    try {
      await storage.migrate();
      const now = Date.now();
      const org = await storage.organisations.create('Klinikken');
      const user = await storage.users.create({
        organisationId: org.id,
        email: `${randomUUID()}@example.no`,
        displayName: 'Kari',
        role: 'clinician',
        passwordHash: 'x',
      });
      const c = await storage.consultations.create({ organisationId: org.id, ownerUserId: user.id, label: 'Ola N.' });
      await storage.consultations.markEnded(c.id, new Date(now - 40 * DAY));
      await storage.sessions.create({
        tokenHash: randomUUID(),
        userId: user.id,
        csrfToken: 'c',
        loginMethod: { method: 'password' },
        createdAt: new Date(now - 5 * DAY),
        expiresAt: new Date(now - 4 * DAY),
      });
      // A reminder job that went out 40 days ago (JOB_RETENTION_DAYS is 30 by default), and a pending one.
      const sent = new Date(now - 40 * DAY);
      await storage.jobs.enqueue({ kind: 'k', dedupeKey: 'sent', payload: '{}', runAt: sent, maxAttempts: 1 }, sent);
      const [claimed] = await storage.jobs.claim('cli-test', sent, new Date(sent.getTime() + 60_000), 1);
      await storage.jobs.complete(claimed?.id ?? '', 'cli-test', sent);
      const later = new Date(now + DAY);
      await storage.jobs.enqueue({ kind: 'k', dedupeKey: 'later', payload: '{}', runAt: later, maxAttempts: 1 }, sent);
    } finally {
      await storage.close();
    }
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the counts of a dry run without changing anything, then purges them once', async () => {
    const before = await tableText(dataDir);
    const dry = await runCli(['purge', '--dry-run'], dataDir);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: nothing was changed/);
    expect(dry.stdout).toContain('  consultationNames: 1\n');
    expect(dry.stdout).toContain('  sessions: 1\n');
    expect(dry.stdout).toContain('  auditEvents: 0\n');
    expect(dry.stdout).toContain('  finishedJobs: 1\n');
    expect(await tableText(dataDir)).toBe(before);

    const run = await runCli(['purge', '--json'], dataDir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      isDryRun: false,
      counts: { consultationNames: 1, sessions: 1, finishedJobs: 1 },
    });
    expect(await tableText(dataDir)).not.toContain('Ola N.');

    const again = await runCli(['purge'], dataDir);
    expect(again.stdout).toContain('  consultationNames: 0\n');
    expect(again.stdout).toContain('  sessions: 0\n');
    expect(again.stdout).toContain('  finishedJobs: 0\n');
  }, 180_000);
});
