/**
 * Instructions retired by a set of processes over a window, counted by Linux perf (perf-stat(1))
 * when it is installed and allowed. On a shared machine CPU time grows with contention (the same
 * work takes longer when other jobs evict caches and steal cores); instructions retired barely
 * move, so the E2EE bench prints them beside CPU time as a cross-check.
 */
import { spawn, spawnSync } from 'node:child_process';

/** True when `perf stat` can count instructions here (BENCH_PERF=0 turns it off). */
export function isPerfAvailable(): boolean {
  if (process.env.BENCH_PERF === '0') return false;
  const probe = spawnSync('perf', ['stat', '-x', ';', '-e', 'instructions', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && parseInstructions(probe.stderr) !== null;
}

function parseInstructions(output: string): number | null {
  for (const line of output.split('\n')) {
    const [count, , event] = line.split(';');
    if (event?.startsWith('instructions') === true) {
      const value = Number(count);
      return Number.isFinite(value) ? value : null;
    }
  }
  return null;
}

/** Starts counting the instructions of `pids` (all their threads); `stop` returns the count. */
export function countInstructions(pids: readonly number[]): { stop(): Promise<number | null> } {
  const perf = spawn('perf', ['stat', '-x', ';', '-e', 'instructions', '-p', pids.join(',')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  perf.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => perf.once('close', () => resolve()));
  return {
    async stop() {
      // perf stat -p counts until SIGINT, then prints the totals.
      perf.kill('SIGINT');
      await exited;
      return parseInstructions(output);
    },
  };
}
