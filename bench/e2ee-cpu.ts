/**
 * CPU of a P2P call with end-to-end encryption against the same call without it (issue 3: at
 * most +3 %). Two Chromium pages run the product's MeshCall with fake camera and microphone; with
 * E2EE every encoded frame goes through the SFrame worker both ways. After the first frames, all
 * of the browser's processes (renderers, GPU, network, audio) are measured from /proc over a fixed
 * window. Modes alternate (off, on, on, off, ...) so that drift hits both alike.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_PATH, chromiumArgs, REPO_ROOT } from '../e2e/fixtures/fake-media.ts';
import { cpuSnapshot, cpuSpentMs, descendants } from './proc-stat.ts';

export interface E2eeCpuRun {
  isEncrypted: boolean;
  /** CPU of all Chromium processes over the window, in % of one core. */
  cpuPercent: number;
  /** Video frames decoded per second, both pages together: the same work in both modes. */
  framesPerSecond: number;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [path.join(REPO_ROOT, entry)], bundle: true, format: 'esm', write: false });
  return result.outputFiles[0]?.text ?? '';
}

async function serveHarness(): Promise<{ server: Server; origin: string }> {
  const [page, worker] = await Promise.all([
    bundle('bench/browser/call-page.ts'),
    bundle('packages/client-core/src/e2ee/worker/e2ee-worker.ts'),
  ]);
  const server = createServer((request, response) => {
    const script = request.url === '/call-page.js' ? page : request.url === '/e2ee-worker.js' ? worker : null;
    if (script !== null) response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>bench call</title><script type="module" src="/call-page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const framesOf = (page: Page): Promise<number> => page.evaluate(() => window.benchCall.framesDecoded());

async function runOnce(browser: Browser, origin: string, isEncrypted: boolean, seconds: number): Promise<E2eeCpuRun> {
  // One context: both pages share the BroadcastChannel that stands in for the signaling server.
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  try {
    const pages = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all(pages.map((p) => p.goto(origin)));
    await Promise.all(pages.map((p) => p.waitForFunction(() => 'benchCall' in window)));
    const ids = ['a0000000-0000-4000-8000-00000000000a', 'b0000000-0000-4000-8000-00000000000b'] as const;
    await Promise.all(
      pages.map((p, i) =>
        p.evaluate(([self, peer, enc]) => window.benchCall.prepare(self, peer, enc), [
          ids[i]!,
          ids[1 - i]!,
          isEncrypted,
        ] as const),
      ),
    );
    await Promise.all(pages.map((p) => p.evaluate(() => window.benchCall.connect())));
    const expected = isEncrypted ? 'active' : 'off';
    for (const p of pages) {
      await p.waitForFunction(
        async (status) => window.benchCall.e2eeStatus() === status && (await window.benchCall.framesDecoded()) > 30,
        expected,
        { timeout: 30_000 },
      );
    }
    const framesBefore = await Promise.all(pages.map(framesOf));
    const before = cpuSnapshot(descendants(process.pid));
    const startedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = cpuSnapshot(descendants(process.pid));
    const elapsedMs = performance.now() - startedAt;
    const framesAfter = await Promise.all(pages.map(framesOf));
    const frames = framesAfter.reduce((sum, n, i) => sum + n - framesBefore[i]!, 0);
    await Promise.all(pages.map((p) => p.evaluate(() => window.benchCall.close())));
    return {
      isEncrypted,
      cpuPercent: (cpuSpentMs(before, after) / elapsedMs) * 100,
      framesPerSecond: (frames / elapsedMs) * 1000,
    };
  } finally {
    await context.close();
  }
}

/** `runsPerMode` runs with and without E2EE, interleaved off/on/on/off/...; `seconds` per window. */
export async function measureE2eeCpu(runsPerMode: number, seconds: number): Promise<E2eeCpuRun[]> {
  const { server, origin } = await serveHarness();
  // A browser of its own: the window must count only this call's processes.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(), headless: true });
  const runs: E2eeCpuRun[] = [];
  try {
    for (let i = 0; i < runsPerMode * 2; i++) {
      const isEncrypted = i % 4 === 1 || i % 4 === 2;
      runs.push(await runOnce(browser, origin, isEncrypted, seconds));
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return runs;
}
