import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ClientConfig, PROTOCOL_VERSION } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import { redactUrl } from '../log.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';

function errorCode(body: string): string {
  return ApiError.parse(JSON.parse(body)).error.code;
}

describe('URL redaction for logs', () => {
  it('hides invitation tokens, fragments and token query parameters', () => {
    expect(redactUrl('/j/abcDEF_123-xyz')).toBe('/j/[redacted]');
    expect(redactUrl('/j/abc/def?x=1')).toBe('/j/[redacted]/def?x=1');
    expect(redactUrl('/setup#secret')).toBe('/setup#[redacted]');
    expect(redactUrl('/api/x?token=secret&a=b')).toBe('/api/x?token=[redacted]&a=b');
    expect(redactUrl('/api/consultations')).toBe('/api/consultations');
  });
});

describe.each(storageBackends())('platform behaviour on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let webDir: string;
  let built: TestApp;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
    webDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Samtale</title>');
    await writeFile(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    built = await startTestApp(opened.storage, { WEB_DIST_DIR: webDir });
  });
  afterAll(async () => {
    await t.close();
    await built.close();
    await opened.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('sends the security headers on pages, API answers and errors alike', async () => {
    for (const url of ['/healthz', '/api/config', '/api/nope', '/j/some-token', '/']) {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' wss://samtale.test; font-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['permissions-policy']).toBe('camera=(self), microphone=(self), display-capture=(self)');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/config' })).headers['cache-control']).toBe('no-store');
  });

  it('reports liveness, readiness and the client configuration', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const config = ClientConfig.parse((await t.app.inject({ method: 'GET', url: '/api/config' })).json());
    expect(config).toEqual({ meshMax: 4, iceServers: [], protocolVersion: PROTOCOL_VERSION });
  });

  it('answers unknown routes, bad JSON, wrong content types and oversized bodies with coded errors', async () => {
    const notFound = await t.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect([notFound.statusCode, errorCode(notFound.body)]).toEqual([404, 'NOT_FOUND']);

    const inspect = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/invitations/inspect',
        headers: { 'content-type': contentType },
        payload,
      });
    const malformed = await inspect('{"token":', 'application/json');
    expect([malformed.statusCode, errorCode(malformed.body)]).toEqual([400, 'MESSAGE_MALFORMED']);
    const poisoned = await inspect('{"__proto__":{"x":1},"token":"aaaaaaaaaaaaaaaaaaaa"}', 'application/json');
    expect(poisoned.statusCode).toBe(400);
    const text = await inspect('token=abc', 'text/plain');
    expect([text.statusCode, errorCode(text.body)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const form = await inspect('token=abc', 'application/x-www-form-urlencoded');
    expect([form.statusCode, errorCode(form.body)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await inspect(JSON.stringify({ token: 'x'.repeat(70_000) }), 'application/json');
    expect([huge.statusCode, errorCode(huge.body)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const invalid = await inspect(JSON.stringify({ token: 12 }), 'application/json');
    expect([invalid.statusCode, errorCode(invalid.body)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('serves the web app for every page path, never caching index.html, and caches hashed assets', async () => {
    for (const url of [
      '/',
      '/setup',
      '/admin',
      '/c/abc',
      '/m/0f8e1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
      '/j/token123',
      '/summary/abc',
      '/tilgjengelighet',
    ]) {
      const r = await built.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('<title>Samtale</title>');
      expect(r.headers['cache-control']).toBe('no-store');
    }
    const asset = await built.app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await built.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it("answers a browser's unknown address with the app (404), which shows its own not-found page; the API keeps coded JSON", async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    for (const url of ['/no-such-page', '/m', '/summar', '/favicon.ico']) {
      const page = await built.app.inject({ method: 'GET', url, headers: html });
      expect([page.statusCode, page.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
      expect(page.body).toContain('<title>Samtale</title>');
      expect(page.headers['cache-control']).toBe('no-store');
    }
    for (const url of ['/api/nope', '/api', '/assets/missing.js', '/ws/x']) {
      const api = await built.app.inject({ method: 'GET', url, headers: html });
      expect([api.statusCode, errorCode(api.body)]).toEqual([404, 'NOT_FOUND']);
    }
    // A program that asks for JSON, or a POST, gets the coded answer as before.
    const json = await built.app.inject({
      method: 'GET',
      url: '/no-such-page',
      headers: { accept: 'application/json' },
    });
    expect([json.statusCode, errorCode(json.body)]).toEqual([404, 'NOT_FOUND']);
    const post = await built.app.inject({ method: 'POST', url: '/no-such-page', headers: html });
    expect([post.statusCode, errorCode(post.body)]).toEqual([404, 'NOT_FOUND']);
  });

  it('tells whoever opens a page that the web app must be built when it has not been', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/j/token123' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
  });

  it('never writes an invitation token, a cookie or the CSRF header to the log', async () => {
    const token = 'SECRETtoken_abcdefghijklmnopqrstuvwxyz0123';
    await built.app.inject({
      method: 'GET',
      url: `/j/${token}`,
      headers: { cookie: 'samtale_session=COOKIEVALUE', 'x-csrf-token': 'CSRFVALUE' },
    });
    await built.app.inject({ method: 'GET', url: `/j/${token}/extra?x=1` });
    const log = built.logs.join('\n');
    expect(log).toContain('/j/[redacted]');
    for (const secret of [token, 'COOKIEVALUE', 'CSRFVALUE']) expect(log).not.toContain(secret);
  });
});
