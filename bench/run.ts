/**
 * `npm run bench`: prints Samtale's figures beside a reference measured in the same run.
 * Reported, not asserted: budgets are in /work/shared/DESIGN.md ("Budgets") and issue 2.
 *   BENCH_RUNS                runs of the admit benchmark and of the floor (default 5)
 *   BENCH_E2EE_RUNS           calls per mode (no transform / pass-through / E2EE) for the CPU comparison (default 2)
 *   BENCH_E2EE_SECONDS        measured seconds of media per call (default 10)
 *   BENCH_PERF                0: do not count instructions with perf beside CPU time (default: count when perf works)
 *   BENCH_JOINS               invitation joins (and bare WebSocket round trips) (default 200)
 *   BENCH_JANUS_SUBSCRIBERS   subscriber counts measured through Janus (default 1,5,10)
 *   BENCH_JANUS_SECONDS       measured seconds per Janus step (default 5)
 *   BENCH_MEETING_RUNS        admits into a meeting through Janus (default: BENCH_RUNS, at most 3)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs, ensureFakeMedia, REPO_ROOT } from '../e2e/fixtures/fake-media.ts';
import { measureAdmitToFrame } from './admit-to-frame.ts';
import { entryJs, livekitMinimalJoin, measureServedJs } from './bundle-size.ts';
import { e2eeCpuMeans, measureE2eeCpu, type E2eeCpuMeans } from './e2ee-cpu.ts';
import { measureIdleMemory } from './idle-memory.ts';
import { measureJanusFanout, type FanoutStep } from './janus-fanout.ts';
import { measureMeetingJoinToFrame, type MeetingJoinRun } from './meeting-join.ts';
import { joinRows, measureJoinCpuOnBothBackends } from './server-join-rows.ts';
import { benchPostgresUrl, measureBareWebSocketCpu } from './server-join-cpu.ts';
import { isJanusAvailable } from '../packages/server/src/media/sfu/janus/JanusSupervisor.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const e2eeRuns = Number(process.env.BENCH_E2EE_RUNS ?? 2);
const e2eeSeconds = Number(process.env.BENCH_E2EE_SECONDS ?? 10);
const joins = Number(process.env.BENCH_JOINS ?? 200);
const janusSteps = (process.env.BENCH_JANUS_SUBSCRIBERS ?? '1,5,10').split(',').map(Number);
const janusSeconds = Number(process.env.BENCH_JANUS_SECONDS ?? 5);
const meetingRuns = Number(process.env.BENCH_MEETING_RUNS ?? Math.min(runs, 3));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;
const pct = (value: number): string => `${value.toFixed(1)} %`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const signedPct = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;

type Row = readonly [string, string, string, string];

function janusRows(steps: readonly FanoutStep[] | null): Row[] {
  if (steps === null) return [['Janus, 1 publisher + N subscribers', 'skipped: janus not installed', '', '']];
  const [idle, publisherOnly, ...fanout] = steps;
  if (idle === undefined || publisherOnly === undefined) return [];
  const base = `idle room: ${pct(idle.cpuPercent)}, ${mb(idle.rssBytes)}`;
  return [
    [
      'Janus CPU / RSS, 1 publisher, 0 subscribers',
      `${pct(publisherOnly.cpuPercent)} / ${mb(publisherOnly.rssBytes)}`,
      base,
      '',
    ],
    ...fanout.map((step): Row => [
      `Janus CPU / RSS, 1 publisher, ${step.subscribers} subscribers`,
      `${pct(step.cpuPercent)} / ${mb(step.rssBytes)}`,
      base,
      '',
    ]),
  ];
}

function meetingRows(meeting: readonly MeetingJoinRun[] | null, floor: readonly number[]): Row[] {
  const label = 'Admit -> first remote frame through Janus, both ways';
  if (meeting === null) return [[label, 'skipped: janus not installed', '', '']];
  const bothWays = meeting.map((r) => Math.max(r.hostSeesGuestMs, r.guestSeesHostMs));
  return [
    [label, ms(median(bothWays)), `bare two-peer in one page, both ways: ${ms(median(floor))}`, ''],
    ['  host sees guest', ms(median(meeting.map((r) => r.hostSeesGuestMs))), '', ''],
    ['  guest sees host', ms(median(meeting.map((r) => r.guestSeesHostMs))), '', ''],
  ];
}

/** The same comparison in instructions retired, which contention on a shared machine barely moves. */
function instructionRows(means: E2eeCpuMeans): Row[] {
  const [none, pass, e2ee] = [means.none, means.passthrough, means.e2ee].map((m) => m.instructionsPerSecond);
  if (none == null || pass == null || e2ee == null) return [['  instructions retired', 'skipped: no perf', '', '']];
  const change = (value: number): string =>
    `${value >= none ? '+' : ''}${(((value - none) / none) * 100).toFixed(1)} %`;
  return [
    [
      '  instructions retired, E2EE / floor',
      `${change(e2ee)} / ${change(pass)}`,
      `without E2EE: ${(none / 1e9).toFixed(2)} G/s`,
      '',
    ],
  ];
}

function printTable(rows: readonly Row[]): void {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    );
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
  let meeting: MeetingJoinRun[] | null = null;
  try {
    // Floor and admit runs alternate, so both see the same load on the machine.
    admit = await measureAdmitToFrame(browser, runs);
    floor = admit.floor;
    if (await isJanusAvailable()) {
      console.log(`Measuring admit -> first remote frame in a meeting through Janus (${meetingRuns} runs) ...`);
      meeting = await measureMeetingJoinToFrame(browser, meetingRuns);
    } else {
      console.log('Skipping the meeting through Janus: the janus binary is not installed.');
    }
  } finally {
    await browser.close();
  }
  console.log(
    `Measuring CPU of a P2P call without a transform, with a pass-through one and with E2EE (${e2eeRuns} x ${e2eeSeconds} s each) ...`,
  );
  const e2ee = await measureE2eeCpu(e2eeRuns, e2eeSeconds);
  const e2eeMeans = e2eeCpuMeans(e2ee);
  const e2eeCpu = e2eeMeans.e2ee.cpuPercent;
  const plainCpu = e2eeMeans.none.cpuPercent;
  const passCpu = e2eeMeans.passthrough.cpuPercent;
  const relative = (value: number, base: number): string => signedPct(((value - base) / base) * 100);

  console.log(
    `Measuring server CPU for ${joins} joins (PGlite, PostgreSQL) and ${joins} bare WebSocket round trips ...`,
  );
  const wsFloor = await measureBareWebSocketCpu(joins);
  const join = await measureJoinCpuOnBothBackends(joins);
  console.log('Measuring idle memory of the server (PGlite first start and restart, PostgreSQL) ...');
  const postgres = await benchPostgresUrl();
  const memory = await measureIdleMemory(postgres.url);

  let janus: FanoutStep[] | null = null;
  if (await isJanusAvailable()) {
    console.log(
      `Measuring Janus with 1 publisher and ${janusSteps.join(', ')} subscribers (${janusSeconds} s each) ...`,
    );
    janus = await measureJanusFanout(janusSteps, janusSeconds);
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
    [
      'Admit -> first remote frame, both ways',
      ms(median(bothWays)),
      `bare two-peer in one page, both ways: ${ms(median(floor))}`,
      `<= floor + 150 ms`,
    ],
    ['  clinician sees patient', ms(median(admit.runs.map((r) => r.hostSeesPatientMs))), '', ''],
    ['  patient sees clinician', ms(median(admit.runs.map((r) => r.patientSeesHostMs))), '', ''],
    [
      'Chromium CPU, P2P call with E2EE (mean)',
      `${pct(e2eeCpu)} (${relative(e2eeCpu, plainCpu)})`,
      `same call without E2EE: ${pct(plainCpu)}`,
      '<= +3 %',
    ],
    [
      '  floor: frames through a worker unchanged',
      `${pct(passCpu)} (${relative(passCpu, plainCpu)})`,
      'Chromium encoded transforms, no crypto',
      '',
    ],
    ['  SFrame beyond that floor', relative(e2eeCpu, passCpu), '', ''],
    ...instructionRows(e2eeMeans),
    ...joinRows(join, wsFloor),
    ['Server RSS at idle, PGlite, first start', mb(memory.pgliteFirstStartBytes), '', '<= 250 MiB'],
    ['  PGlite, next start (same data)', mb(memory.pgliteRestartBytes), '', '<= 250 MiB'],
    [
      '  PostgreSQL',
      memory.postgresBytes === null
        ? `skipped: ${postgres.url === null ? postgres.reason : ''}`
        : mb(memory.postgresBytes),
      '',
      '',
    ],
    ...janusRows(janus),
    ...meetingRows(meeting, floor),
  ]);
  console.log();
  console.log(
    `Patient JS files before joining: ${served.files.join(', ') || '(none)'} (${kb(served.rawBytes)} minified)`,
  );
  console.log(`livekit-client bundle: ${kb(livekit.rawBytes)} minified`);
  console.log(
    `Admit runs (ms, clinician/patient): ${admit.runs.map((r) => `${Math.round(r.hostSeesPatientMs)}/${Math.round(r.patientSeesHostMs)}`).join(' ')}`,
  );
  console.log(`Floor runs (ms): ${floor.map((t) => Math.round(t)).join(' ')}`);
  if (meeting !== null) {
    console.log(
      `Meeting admit runs through Janus (ms, host/guest): ${meeting.map((r) => `${Math.round(r.hostSeesGuestMs)}/${Math.round(r.guestSeesHostMs)}`).join(' ')}`,
    );
  }
  console.log(
    `E2EE CPU runs (% of a core / decoded fps): ${e2ee.map((r) => `${r.mode} ${r.cpuPercent.toFixed(1)}/${Math.round(r.framesPerSecond)}`).join(', ')}`,
  );
  for (const mode of ['passthrough', 'e2ee'] as const) {
    // Frames the browser drops (an overloaded transform) are work not done: the CPU figure is then low.
    if (e2eeMeans[mode].framesPerSecond < 0.9 * e2eeMeans.none.framesPerSecond) {
      console.log(
        `Warning: ${mode} decoded ${Math.round(e2eeMeans[mode].framesPerSecond)} fps against ${Math.round(e2eeMeans.none.framesPerSecond)} without a transform: its CPU figure understates the cost`,
      );
    }
  }
  console.log(
    `Server event-loop utilization: joins on PGlite ${pct(join.pglite.eventLoopUtilization * 100)}${join.postgres.kind === 'measured' ? `, on PostgreSQL ${pct(join.postgres.window.eventLoopUtilization * 100)}` : ''}, bare ws ${pct(wsFloor.eventLoopUtilization * 100)}`,
  );
  if (janus !== null) {
    console.log(
      `Janus steps (decoded fps over all subscribers): ${janus.map((s) => `${s.label}: ${Math.round(s.framesPerSecond)}`).join('; ')}`,
    );
  }
}

main().then(
  // @roamhq/wrtc keeps native threads alive after its peers close: leave once the table is out.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
