/**
 * The CLI as an operator runs it (a child process), with the embedded database both when the
 * server holds it (commands go through the admin socket) and when no server runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { storageBackends } from '../../test/helpers/storage-backends.ts';
import { lockFilePath } from './data-dir-lock.ts';
import { loadConfig } from '../config/config.ts';
import { createStorage } from '../storage/create-storage.ts';

const SERVER_SRC = path.resolve(import.meta.dirname, '..');
const REPO_ROOT = path.resolve(SERVER_SRC, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, PUBLIC_URL: _pu, PORT: _port, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'warn', ...extra };
}

function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(SERVER_SRC, 'cli.ts'), ...args], {
      cwd: REPO_ROOT,
      env: baseEnv(env),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Starts the server and resolves with its URL once it prints that it is running. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(SERVER_SRC, 'main.ts')], {
      cwd: REPO_ROOT,
      env: baseEnv({ PORT: '0', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Samtale is running at (\S+)$/.exec(line);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
  });
}

function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const PASSWORD = 'a long enough password';

describe('the admin CLI with the embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('adds a user, lists and verifies the audit trail when no server is running', async () => {
    const added = await runCli(
      [
        'user',
        'add',
        '--email',
        'Kari@Example.no',
        '--name',
        'Kari Nordmann',
        '--role',
        'clinician',
        '--password-stdin',
      ],
      { DATA_DIR: dataDir },
      `${PASSWORD}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toMatch(/^Created clinician kari@example\.no \([0-9a-f-]{36}\) in Samtale\.$/m);

    const list = await runCli(['audit', 'list', '--json'], { DATA_DIR: dataDir });
    expect(list.code).toBe(0);
    const events = JSON.parse(list.stdout) as { action: string; details: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['user_created']);
    expect(list.stdout).not.toContain('Kari');

    expect(await runCli(['audit', 'verify'], { DATA_DIR: dataDir })).toMatchObject({
      code: 0,
      stdout: 'The audit trail is intact.\n',
    });
    expect(existsSync(lockFilePath(dataDir))).toBe(false);
  }, 120_000);

  it('adds a user through the running server, which can then log them in', async () => {
    const { child, url } = await startServer({ DATA_DIR: dataDir });
    try {
      const added = await runCli(
        ['user', 'add', '--email', 'ola@example.no', '--name', 'Ola', '--role', 'admin', '--password-stdin'],
        { DATA_DIR: dataDir },
        PASSWORD,
      );
      expect(added).toMatchObject({ code: 0, stderr: '' });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ola@example.no', password: PASSWORD }),
      });
      expect(login.status).toBe(200);

      const duplicate = await runCli(
        ['user', 'add', '--email', 'ola@example.no', '--name', 'Ola', '--role', 'admin', '--password-stdin'],
        { DATA_DIR: dataDir },
        PASSWORD,
      );
      expect(duplicate.code).toBe(1);
      expect(duplicate.stderr).toContain('EMAIL_TAKEN');

      const list = await runCli(['audit', 'list'], { DATA_DIR: dataDir });
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/ login /);
    } finally {
      expect(await stopServer(child)).toBe(0);
    }
    expect(existsSync(lockFilePath(dataDir))).toBe(false);
  }, 90_000);

  it('lists the audit trail filtered and a page at a time, with coalesced repeats counted', async () => {
    const auditDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-cli-audit-'));
    try {
      const consultationId = randomUUID();
      const participantId = randomUUID();
      const storage = await createStorage(loadConfig({ DATA_DIR: auditDir }));
      await storage.migrate();
      for (let i = 0; i < 5; i += 1) {
        await storage.audit.append({ action: 'admitted', consultationId }, new Date(Date.UTC(2026, 4, 1, 10, i)));
      }
      const used = { action: 'invitation_used' as const, consultationId, actorParticipantId: participantId };
      await storage.audit.append(used, new Date(Date.UTC(2026, 4, 1, 11, 0)));
      await storage.audit.append(used, new Date(Date.UTC(2026, 4, 1, 11, 0, 30)));
      await storage.audit.append({ action: 'login' }, new Date(Date.UTC(2026, 4, 1, 12, 0)));
      await storage.close();
      const env = { DATA_DIR: auditDir };

      const first = await runCli(['audit', 'list', '--consultation', consultationId, '--limit', '4'], env);
      expect(first.code).toBe(0);
      const lines = first.stdout.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toContain('invitation_used x2 (last 2026-05-01T11:00:30.000Z)');
      const cursor = /--cursor (\d+)/.exec(first.stderr)?.[1];
      expect(cursor).toBeDefined();
      const rest = await runCli(
        ['audit', 'list', '--consultation', consultationId, '--limit', '4', '--cursor', cursor ?? '', '--json'],
        env,
      );
      expect(rest).toMatchObject({ code: 0, stderr: '' });
      const older = JSON.parse(rest.stdout) as { action: string; count: number }[];
      expect(older.map((e) => [e.action, e.count])).toEqual([
        ['admitted', 1],
        ['admitted', 1],
      ]);

      const filtered = await runCli(
        [
          'audit',
          'list',
          '--actor',
          participantId,
          '--action',
          'invitation_used',
          '--from',
          '2026-05-01T10:30:00Z',
          '--json',
        ],
        env,
      );
      expect((JSON.parse(filtered.stdout) as { count: number }[]).map((e) => e.count)).toEqual([2]);
      const range = await runCli(
        ['audit', 'list', '--from', '2026-05-01T10:02:00Z', '--to', '2026-05-01T10:03:00Z'],
        env,
      );
      expect(range.stdout.trim().split('\n')).toHaveLength(2);

      const wrong = await runCli(['audit', 'list', '--from', 'yesterday', '--consultation', 'x'], env);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('audit list: invalid --consultation, --from');
    } finally {
      await rm(auditDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('explains a wrong command line and exits with 2', async () => {
    const r = await runCli(['user', 'add', '--email', 'x@example.no'], { DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('user add needs --email, --name and --role');
    expect(r.stderr).toContain('Usage: npm run cli');
  }, 30_000);

  it('refuses a password that is too short, without creating anyone', async () => {
    const r = await runCli(
      ['user', 'add', '--email', 'short@example.no', '--name', 'S', '--role', 'clinician', '--password-stdin'],
      { DATA_DIR: dataDir },
      'short',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('VALIDATION_FAILED: Invalid password.');
  }, 30_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('the admin CLI with DATABASE_URL', () => {
  it('connects to PostgreSQL directly to add a user', async () => {
    const backend = storageBackends().find((b) => b.name === 'PostgreSQL');
    if (!backend) throw new TypeError('PostgreSQL backend missing');
    const opened = await backend.open();
    try {
      const r = await runCli(
        ['user', 'add', '--email', 'pg@example.no', '--name', 'Pg', '--role', 'clinician', '--password-stdin'],
        { DATA_DIR: os.tmpdir(), DATABASE_URL: opened.databaseUrl ?? '' },
        PASSWORD,
      );
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect((await opened.storage.users.findByEmail('pg@example.no'))?.role).toBe('clinician');
    } finally {
      await opened.dispose();
    }
  }, 60_000);
});
