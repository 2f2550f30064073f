/**
 * Bad input answers a coded 4xx, never 500 (issue 7): paths the static files refuse, sent
 * through inject and, unnormalised, over a raw socket (what `curl --path-as-is` sends), and
 * U+0000 in the free text that is stored (it reached PostgreSQL, error 22021). Client faults
 * are logged as warnings, never as errors.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';

/** Paths the static files refuse with a 403 of their own: a folder, ways out of the web folder, a NUL. */
const REFUSED_PATHS = [
  '/assets/',
  '//etc/passwd',
  '/assets/../../package.json',
  '/assets/%2e%2e/%2e%2e/package.json',
  '/..%2f..%2fpackage.json',
  '/%00',
  '/assets/app-1a2b3c.js%00.map',
];

function errorLines(t: TestApp): unknown[] {
  return t.logs.map((l) => JSON.parse(l) as { level: number }).filter((l) => l.level >= 50);
}

/** One HTTP/1.1 request written as-is (no client normalises its path); the whole answer. */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body });
    });
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe.each(storageBackends())('bad input on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let webDir: string;
  let clinician: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    webDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Samtale</title>');
    await writeFile(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    t = await startTestApp(opened.storage, { WEB_DIST_DIR: webDir });
    clinician = await addUser(t, await setUpAdmin(t, opened.storage));
  });

  afterAll(async () => {
    await t.close();
    await opened.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('answers paths the static files refuse with 404 NOT_FOUND, and logs no error', async () => {
    for (const url of REFUSED_PATHS) {
      const r = await t.app.inject({ method: 'GET', url });
      expect([url, r.statusCode, ApiError.parse(r.json()).error.code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    expect((await t.app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' })).statusCode).toBe(200);
    expect(errorLines(t)).toEqual([]);
  });

  it('answers the same paths sent as-is over a socket with 404 NOT_FOUND, and never a file outside the web folder', async () => {
    const server = t.app.server;
    if (!server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new TypeError('not listening on TCP');
    for (const target of REFUSED_PATHS) {
      const { status, body } = await rawGet(address.port, target);
      expect([target, status, ApiError.parse(JSON.parse(body)).error.code]).toEqual([target, 404, 'NOT_FOUND']);
    }
    expect(errorLines(t)).toEqual([]);
  });

  it('answers a URL with broken percent-encoding and an unsatisfiable range with coded 400s, logged as warnings', async () => {
    const badUrl = await t.app.inject({ method: 'GET', url: '/c/%E0%A4%A' });
    expect([badUrl.statusCode, ApiError.parse(badUrl.json()).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const range = await t.app.inject({
      method: 'GET',
      url: '/assets/app-1a2b3c.js',
      headers: { range: 'bytes=999999-' },
    });
    expect([range.statusCode, ApiError.parse(range.json()).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const refused = t.logs
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.msg === 'request refused');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((l) => l.level === 40)).toBe(true);
    expect(errorLines(t)).toEqual([]);
  });

  it('refuses U+0000 in a consultation label and a meeting title with 400 VALIDATION_FAILED', async () => {
    const consultation = await t.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(clinician),
      payload: { label: 'Kontroll\u0000etter operasjon' },
    });
    expect([consultation.statusCode, ApiError.parse(consultation.json()).error.code]).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    const meeting = await t.app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: authHeaders(clinician),
      payload: { kind: 'internal', hasPersonalData: false, title: 'Fagmøte\u0000' + 'x' },
    });
    expect([meeting.statusCode, ApiError.parse(meeting.json()).error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(errorLines(t)).toEqual([]);
  });
});
