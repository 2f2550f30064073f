import { describe, expect, it } from 'vitest';
import type { PurgeCounts } from '@samtale/protocol';
import { noCounts } from '../storage/repositories/retention.ts';
import { PurgeJob } from './PurgeJob.ts';

const quiet = { info() {}, error() {} };

describe('PurgeJob', () => {
  it('runs a purge as soon as it starts, not a dry one, and logs counts only', async () => {
    const runs: boolean[] = [];
    const logged: object[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const job = new PurgeJob({
      purge: (isDryRun) => {
        runs.push(isDryRun);
        return Promise.resolve({ ...noCounts(), sessions: 3 });
      },
      everyMs: 3_600_000,
      log: {
        info: (details) => {
          logged.push(details);
          finished();
        },
        error() {},
      },
    });
    job.start();
    await done;
    await job.close();
    expect(runs).toEqual([false]);
    expect(logged).toEqual([{ counts: { ...noCounts(), sessions: 3 } }]);
  });

  it('shares a run in progress instead of starting a second one in the same process', async () => {
    let calls = 0;
    let release!: (counts: PurgeCounts) => void;
    const job = new PurgeJob({
      purge: () => {
        calls += 1;
        return new Promise<PurgeCounts>((resolve) => (release = resolve));
      },
      everyMs: 3_600_000,
      log: quiet,
    });
    const first = job.runNow();
    const second = job.runNow();
    release(noCounts());
    expect(await first).toBe(await second);
    expect(calls).toBe(1);
    const third = job.runNow();
    release(noCounts());
    await third;
    expect(calls).toBe(2);
  });

  it('keeps going after a failed run and closes idempotently', async () => {
    const job = new PurgeJob({ purge: () => Promise.reject(new Error('db down')), everyMs: 3_600_000, log: quiet });
    await expect(job.runNow()).rejects.toThrow('db down');
    await job.close();
    await job.close();
  });
});
