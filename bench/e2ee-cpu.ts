/**
 * CPU of a P2P call with end-to-end encryption against the same call without it (issue 3: at
 * most +3 %). Two Chromium pages run the product's MeshCall with fake camera and microphone, in
 * three modes that differ only in what happens to encoded frames:
 *   none         no encoded transform (the call without E2EE);
 *   passthrough  the same E2eeSession, key exchange and transforms, but a worker that passes every
 *                frame on unchanged: the floor that Chromium's encoded-transform machinery costs;
 *   e2ee         our SFrame worker: every frame encrypted and authenticated both ways.
 * After the first frames, all of the browser's processes (renderers, GPU, network, audio) are
 * measured from /proc over a fixed window. The order of modes reverses every round (A B C, C B A,
 * ...) so that drift hits all alike.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_PATH, chromiumArgs, REPO_ROOT } from '../e2e/fixtures/fake-media.ts';
import type { BenchCallMode } from './browser/call-page.ts';
import { countInstructions, isPerfAvailable } from './perf-counter.ts';
import { cpuSnapshot, cpuSpentMs, descendants } from './proc-stat.ts';

export const E2EE_CPU_MODES: readonly BenchCallMode[] = ['none', 'passthrough', 'e2ee'];

export interface E2eeCpuRun {
  mode: BenchCallMode;
  /** CPU of all Chromium processes over the window, in % of one core. */
  cpuPercent: number;
  /** Video frames decoded per second, both pages together: the same work in every mode. */
  framesPerSecond: number;
  /** Instructions retired per second by all Chromium processes (perf), or null without perf. */
  instructionsPerSecond: number | null;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [path.join(REPO_ROOT, entry)], bundle: true, format: 'esm', write: false });
  return result.outputFiles[0]?.text ?? '';
}

async function serveHarness(): Promise<{ server: Server; origin: string }> {
  const [page, worker, passthrough] = await Promise.all([
    bundle('bench/browser/call-page.ts'),
    bundle('packages/client-core/src/e2ee/worker/e2ee-worker.ts'),
    bundle('bench/browser/passthrough-worker.ts'),
  ]);
  const scripts = new Map([
    ['/call-page.js', page],
    ['/e2ee-worker.js', worker],
    ['/passthrough-worker.js', passthrough],
  ]);
  const server = createServer((request, response) => {
    const script = scripts.get(request.url ?? '') ?? null;
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

/**
 * Polls until `page` has E2EE status `status` and has decoded 30 video frames. Not
 * `waitForFunction` with an async predicate: Playwright does not await it, and the pending promise
 * is truthy, so the window used to start during setup.
 */
async function waitForMedia(page: Page, status: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [current, frames] = await page.evaluate(
      async () => [window.benchCall.e2eeStatus(), await window.benchCall.framesDecoded()] as const,
    );
    if (current === status && frames > 30) return;
    if (performance.now() > deadline) {
      throw new Error(`no steady call after ${timeoutMs} ms: E2EE status ${current}, ${frames} video frames decoded`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runOnce(
  browser: Browser,
  origin: string,
  mode: BenchCallMode,
  seconds: number,
  hasPerf: boolean,
): Promise<E2eeCpuRun> {
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
        p.evaluate(([self, peer, m]) => window.benchCall.prepare(self, peer, m), [ids[i]!, ids[1 - i]!, mode] as const),
      ),
    );
    await Promise.all(pages.map((p) => p.evaluate(() => window.benchCall.connect())));
    const expected = mode === 'none' ? 'off' : 'active';
    for (const p of pages) await waitForMedia(p, expected);
    const framesBefore = await Promise.all(pages.map(framesOf));
    const processes = descendants(process.pid);
    const counter = hasPerf ? countInstructions(processes.map((p) => p.pid)) : null;
    const before = cpuSnapshot(processes);
    const startedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = cpuSnapshot(descendants(process.pid));
    const elapsedMs = performance.now() - startedAt;
    const instructions = (await counter?.stop()) ?? null;
    const framesAfter = await Promise.all(pages.map(framesOf));
    const frames = framesAfter.reduce((sum, n, i) => sum + n - framesBefore[i]!, 0);
    await Promise.all(pages.map((p) => p.evaluate(() => window.benchCall.close())));
    return {
      mode,
      cpuPercent: (cpuSpentMs(before, after) / elapsedMs) * 100,
      framesPerSecond: (frames / elapsedMs) * 1000,
      instructionsPerSecond: instructions === null ? null : (instructions / elapsedMs) * 1000,
    };
  } finally {
    await context.close();
  }
}

/** `runsPerMode` runs of each mode, the order reversed every round; `seconds` per window. */
export async function measureE2eeCpu(runsPerMode: number, seconds: number): Promise<E2eeCpuRun[]> {
  const { server, origin } = await serveHarness();
  // A browser of its own: the window must count only this call's processes.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(), headless: true });
  const runs: E2eeCpuRun[] = [];
  const hasPerf = isPerfAvailable();
  try {
    for (let round = 0; round < runsPerMode; round++) {
      const order = round % 2 === 0 ? E2EE_CPU_MODES : [...E2EE_CPU_MODES].reverse();
      for (const mode of order) runs.push(await runOnce(browser, origin, mode, seconds, hasPerf));
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return runs;
}

export interface E2eeCpuMean {
  cpuPercent: number;
  framesPerSecond: number;
  /** null when perf could not count. */
  instructionsPerSecond: number | null;
}

export type E2eeCpuMeans = Record<BenchCallMode, E2eeCpuMean>;

/** Mean CPU, decoded frame rate and instructions per mode. */
export function e2eeCpuMeans(runs: readonly E2eeCpuRun[]): E2eeCpuMeans {
  const meanOf = (mode: BenchCallMode): E2eeCpuMean => {
    const of = runs.filter((r) => r.mode === mode);
    const average = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
    const instructions = of.map((r) => r.instructionsPerSecond);
    return {
      cpuPercent: average(of.map((r) => r.cpuPercent)),
      framesPerSecond: average(of.map((r) => r.framesPerSecond)),
      instructionsPerSecond: instructions.every((n) => n !== null) ? average(instructions) : null,
    };
  };
  return { none: meanOf('none'), passthrough: meanOf('passthrough'), e2ee: meanOf('e2ee') };
}
