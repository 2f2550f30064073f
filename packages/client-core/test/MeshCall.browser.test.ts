import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { MediaChoice } from './browser/harness.ts';

/**
 * The real MeshCall and PeerLink in Debian Chromium with fake camera and microphone: proves that
 * perfect negotiation converges and media flows, without a server (the harness relays signals).
 */
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

let browser: Browser;
let server: Server;
let origin: string;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/harness.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  server = createServer((request, response) => {
    if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>harness</title><script type="module" src="/harness.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
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
  await page.waitForFunction(() => 'harness' in window);
});

afterEach(async () => {
  await page.close();
});

async function start(participants: Record<string, MediaChoice>, hosts: readonly string[] = []): Promise<void> {
  await page.evaluate(([p, h]) => window.harness.start(p, h), [participants, hosts] as const);
  await waitUntilFlowing();
}

async function waitUntilFlowing(): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.harness.isFlowing()), { timeout: 20_000, interval: 100 })
    .toBe(true);
}

describe('MeshCall in Chromium', () => {
  it('connects two participants with video and audio both ways over VP8, on two m-lines each', async () => {
    await start({ [A]: 'audio+video', [B]: 'audio+video' });
    for (const [receiver, sender] of [
      [A, B],
      [B, A],
    ] as const) {
      const media = await page.evaluate(([r, s]) => window.harness.received(r, s), [receiver, sender] as const);
      expect(media.framesDecoded).toBeGreaterThan(0);
      expect(media.audioPacketsReceived).toBeGreaterThan(0);
      expect(media.videoCodec).toBe('video/VP8');
      expect(media.transceiverCount).toBe(2);
    }
  });

  it('lets the host make the first offer to an admitted patient, whatever their ids, and media flows both ways', async () => {
    // By ids alone A (smaller) would be polite and wait for B's offer; as host, A offers first.
    await start({ [A]: 'audio+video', [B]: 'audio+video' }, [A]);
    expect(await page.evaluate(() => window.harness.firstOffer())).toEqual({ from: A, to: B });
    const media = await page.evaluate(([r, s]) => window.harness.received(r, s), [A, B] as const);
    expect(media.framesDecoded).toBeGreaterThan(0);
    expect(media.transceiverCount).toBe(2);
  });

  it('a host prepares the connection to a waiting participant, sends nothing until admission, then media flows', async () => {
    await page.evaluate(([host, waiting]) => window.harness.startWaiting(host, waiting), [A, B] as const);
    // The offer is made while B waits...
    await page.waitForFunction(() => window.harness.signalingStates().includes('have-local-offer'));
    const held = await page.evaluate(() => window.harness.signalsSent());
    // ... and kept: nothing at all has left for B.
    expect(held).toBe(0);
    await page.evaluate(([host, waiting]) => window.harness.admit(host, waiting), [A, B] as const);
    await waitUntilFlowing();
    expect(await page.evaluate(() => window.harness.firstOffer())).toEqual({ from: A, to: B });
    // One connection each: the prepared one was used, not replaced.
    expect(await page.evaluate(() => window.harness.signalingStates())).toEqual(['stable', 'stable']);
  });

  it('without hosts, the participant with the larger id makes the first offer', async () => {
    await start({ [A]: 'audio+video', [B]: 'audio+video' });
    expect(await page.evaluate(() => window.harness.firstOffer())).toEqual({ from: B, to: A });
  });

  it('takes fresh ICE servers during a call without disturbing it, and an ICE restart still connects', async () => {
    await start({ [A]: 'audio+video', [B]: 'audio+video' });
    const stun = 'stun:127.0.0.1:9';
    await page.evaluate(([a, url]) => window.harness.setIceServers(a, [{ urls: url }]), [A, stun] as const);
    expect(await page.evaluate(([a, b]) => window.harness.iceServerUrls(a, b), [A, B] as const)).toEqual([stun]);
    const offersBefore = await page.evaluate(() => window.harness.offersSent());
    await page.evaluate(([a, b]) => window.harness.restartBoth(a, b), [A, B] as const);
    await page.waitForFunction((before) => window.harness.offersSent() >= before + 1, offersBefore);
    await waitUntilFlowing();
  });

  it('connects three participants pairwise in a mesh', async () => {
    await start({ [A]: 'audio+video', [B]: 'audio+video', [C]: 'audio+video' });
    const media = await page.evaluate(([r, s]) => window.harness.received(r, s), [C, A] as const);
    expect(media.framesDecoded).toBeGreaterThan(0);
  });

  it('lets an audio-only participant and one without devices join and still receive the others', async () => {
    await start({ [A]: 'audio', [B]: 'none', [C]: 'audio+video' });
    const fromC = await page.evaluate(([r, s]) => window.harness.received(r, s), [B, C] as const);
    expect(fromC.framesDecoded).toBeGreaterThan(0);
    const fromA = await page.evaluate(([r, s]) => window.harness.received(r, s), [B, A] as const);
    expect(fromA.audioPacketsReceived).toBeGreaterThan(0);
    expect(fromA.framesDecoded).toBe(0);
  });

  it('settles a glare when both sides restart ICE at the same moment, and media keeps flowing', async () => {
    await start({ [A]: 'audio+video', [B]: 'audio+video' });
    const offersBefore = await page.evaluate(() => window.harness.offersSent());
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.evaluate(([a, b]) => window.harness.restartBoth(a, b), [A, B] as const);
    await page.waitForFunction((before) => window.harness.offersSent() >= before + 2, offersBefore);
    await waitUntilFlowing();
    const media = await page.evaluate(([r, s]) => window.harness.received(r, s), [A, B] as const);
    expect(media.signalingState).toBe('stable');
    expect(media.connectionState).toBe('connected');
    expect(warnings).toEqual([]);
  });

  it.each([
    ['impolite', B],
    ['polite', A],
  ])('reconnects with a participant who reloads the page (the %s side)', async (_side, reloaded) => {
    await start({ [A]: 'audio+video', [B]: 'audio+video' });
    await page.evaluate((id) => window.harness.reload(id), reloaded);
    await waitUntilFlowing();
  });
});
