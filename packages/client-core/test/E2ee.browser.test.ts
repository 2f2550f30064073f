import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/**
 * The real E2EE layer in Debian Chromium: MeshCall + E2eeSession + the SFrame worker on encoded
 * frames (createEncodedStreams with encodedInsertableStreams), fake camera and microphone.
 */
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

let browser: Browser;
let server: Server;
let origin: string;
let page: Page;

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  const harness = await bundle('./browser/e2ee-harness.ts');
  const worker = await bundle('../src/e2ee/worker/e2ee-worker.ts');
  server = createServer((request, response) => {
    const script = request.url === '/harness.js' ? harness : request.url === '/e2ee-worker.js' ? worker : null;
    if (script !== null) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>e2ee</title><script type="module" src="/harness.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => 'e2eeHarness' in window);
});

afterEach(async () => {
  await page.close();
});

describe('E2EE in Chromium', () => {
  it('two encrypted peers decode each other, both show "active" and the same verification code', async () => {
    await page.evaluate(([a, b]) => window.e2eeHarness.start([a, b]), [A, B] as const);
    for (const [receiver, sender] of [
      [A, B],
      [B, A],
    ] as const) {
      await expect
        .poll(
          async () =>
            (await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [receiver, sender] as const))
              .framesDecoded,
          { timeout: 20_000 },
        )
        .toBeGreaterThan(0);
    }
    const media = await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [A, B] as const);
    expect(media.videoCodec).toBe('video/VP8');
    expect(media.audioPacketsReceived).toBeGreaterThan(0);
    const [viewA, viewB] = await page.evaluate(([a, b]) => [window.e2eeHarness.view(a), window.e2eeHarness.view(b)], [
      A,
      B,
    ] as const);
    expect(viewA.status).toBe('active');
    expect(viewB.status).toBe('active');
    expect(viewA.digits).not.toBeNull();
    expect(viewA.digits).toBe(viewB.digits);
  });

  it('a receiver attached for one participant decodes another whose key it holds (a reused SFU m-line)', async () => {
    await page.evaluate(([a, b, c]) => window.e2eeHarness.start([a, b, c]), [A, B, C] as const);
    await expect
      .poll(() => page.evaluate((ids) => ids.map((id) => window.e2eeHarness.view(id).status), [A, B, C] as const), {
        timeout: 20_000,
      })
      .toEqual(['active', 'active', 'active']);
    // C's frames arrive on a receiver of B's that was attached for A, through B's real worker.
    await page.evaluate(([b, c, a]) => window.e2eeHarness.reusedReceiver(b, c, a), [B, C, A] as const);
    await expect
      .poll(async () => (await page.evaluate(() => window.e2eeHarness.reusedReceiverStats())).framesDecoded, {
        timeout: 20_000,
      })
      .toBeGreaterThan(10);
  });

  it('a receiver that never gets the sender key decodes no frame although packets arrive', async () => {
    // A's keys never reach B; everything else is normal.
    await page.evaluate(([a, b]) => window.e2eeHarness.start([a, b], [a, b]), [A, B] as const);
    await expect
      .poll(
        async () => (await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [A, B] as const)).framesDecoded,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () =>
          (await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [B, A] as const)).videoPacketsReceived,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(100);
    const fromA = await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [B, A] as const);
    expect(fromA.framesDecoded).toBe(0);
    expect((await page.evaluate((b) => window.e2eeHarness.view(b), B)).status).not.toBe('active');
  });

  it('a participant whose encryption worker fails mid-call shows and plays nothing more, stops receiving, and the other is told why', async () => {
    await page.evaluate(([a, b]) => window.e2eeHarness.start([a, b]), [A, B] as const);
    await expect
      .poll(
        async () => (await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [B, A] as const)).framesDecoded,
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    const before = await page.evaluate((b) => window.e2eeHarness.view(b), B);
    expect(before.remoteTracks[A]).toBe(2);
    expect(before.digits).not.toBeNull();

    await page.evaluate((b) => window.e2eeHarness.breakWorker(b), B);
    const broken = await page.evaluate((b) => window.e2eeHarness.view(b), B);
    expect(broken.status).toBe('failed');
    // No stream of A is handed to the page any more (or one without tracks).
    expect(broken.remoteTracks[A] ?? 0).toBe(0);
    expect(broken.digits).toBeNull();
    // Renegotiated: nothing flows either way between them any more.
    await expect
      .poll(() => page.evaluate((b) => window.e2eeHarness.view(b).directions, B), { timeout: 20_000 })
      .toEqual({ [A]: ['inactive', 'inactive'] });
    await expect
      .poll(() => page.evaluate((a) => window.e2eeHarness.view(a), A), { timeout: 20_000 })
      .toMatchObject({
        status: 'failed',
        digits: null,
        problems: [{ participantId: B, failure: 'worker', isOurs: false }],
      });
  });

  it('a participant who cannot start the encryption worker never shows a remote track, receives nothing, and the other is told', async () => {
    await page.evaluate(([a, b]) => window.e2eeHarness.start([a, b], undefined, { noWorkerFor: b }), [A, B] as const);
    await expect
      .poll(() => page.evaluate((a) => window.e2eeHarness.view(a).problems, A), { timeout: 20_000 })
      .toEqual([{ participantId: B, failure: 'worker', isOurs: false }]);
    await expect
      .poll(() => page.evaluate((b) => window.e2eeHarness.view(b).directions, B), { timeout: 20_000 })
      .toEqual({ [A]: ['inactive', 'inactive'] });
    const view = await page.evaluate((b) => window.e2eeHarness.view(b), B);
    expect(view.remoteTracks[A] ?? 0).toBe(0);
    expect((await page.evaluate(([r, s]) => window.e2eeHarness.received(r, s), [B, A] as const)).framesDecoded).toBe(0);
  });
});
