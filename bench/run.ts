/**
 * `npm run bench`: prints Samtale's figures beside a reference measured in the same run.
 * Reported, not asserted: budgets are in /work/shared/DESIGN.md ("Budgets") and issue 2.
 *   BENCH_RUNS  runs of the admit benchmark and of the floor (default 5)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs, ensureFakeMedia, REPO_ROOT } from '../e2e/fixtures/fake-media.ts';
import { measureAdmitToFrame, measureLoopbackFloor } from './admit-to-frame.ts';
import { entryJs, livekitMinimalJoin, measureServedJs } from './bundle-size.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;

function printTable(rows: readonly (readonly [string, string, string, string])[]): void {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/web-build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the web app did not build');
  ensureFakeMedia();

  console.log('Measuring bundle sizes ...');
  const entry = entryJs();
  const livekit = await livekitMinimalJoin();

  console.log(`Measuring admit -> first remote frame (${runs} runs) and the two-peer floor ...`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(), headless: true });
  const browserVersion = browser.version();
  let admit;
  let floor;
  try {
    floor = await measureLoopbackFloor(browser, runs);
    admit = await measureAdmitToFrame(browser, runs);
  } finally {
    await browser.close();
  }
  const served = measureServedJs(admit.patientJsBeforeJoin);
  const bothWays = admit.runs.map((r) => Math.max(r.hostSeesPatientMs, r.patientSeesHostMs));

  console.log();
  console.log(`Samtale bench — Chromium ${browserVersion}, ${runs} runs each, medians`);
  console.log();
  printTable([
    ['Measure', 'Samtale', 'Reference (same run)', 'Budget'],
    [
      'Patient JS before joining, brotli (as loaded)',
      kb(served.brotliBytes),
      `livekit-client minimal join: ${kb(livekit.brotliBytes)}`,
      '<= 100 KB',
    ],
    [`Entry JS from build, brotli (${entry.source})`, kb(entry.brotliBytes), '', ''],
    ['Admit -> first remote frame, both ways', ms(median(bothWays)), `bare two-peer in one page: ${ms(median(floor))}`, `<= floor + 150 ms`],
    ['  clinician sees patient', ms(median(admit.runs.map((r) => r.hostSeesPatientMs))), '', ''],
    ['  patient sees clinician', ms(median(admit.runs.map((r) => r.patientSeesHostMs))), '', ''],
  ]);
  console.log();
  console.log(`Patient JS files before joining: ${served.files.join(', ') || '(none)'} (${kb(served.rawBytes)} minified)`);
  console.log(`livekit-client bundle: ${kb(livekit.rawBytes)} minified`);
  console.log(`Admit runs (ms, clinician/patient): ${admit.runs.map((r) => `${Math.round(r.hostSeesPatientMs)}/${Math.round(r.patientSeesHostMs)}`).join(' ')}`);
  console.log(`Floor runs (ms): ${floor.map((t) => Math.round(t)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
