/**
 * The retention purge removes finished and failed jobs older than JOB_RETENTION_DAYS (issue 9),
 * leaving pending jobs and recent ones; a dry run counts exactly what a run removes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PurgeRunView, RETENTION_BOUNDS, type RetentionSettings } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import type { KyselyStorage } from './create-storage.ts';

const DAY = 86_400_000;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const DEFAULTS = Object.fromEntries(
  Object.entries(RETENTION_BOUNDS).map(([c, b]) => [c, b.default]),
) as RetentionSettings;

/** A job that ran `daysAgo` and ended as `outcome` (or is still pending). */
async function job(storage: KyselyStorage, key: string, daysAgo: number, outcome: 'done' | 'failed' | 'pending') {
  const at = ago(daysAgo);
  await storage.jobs.enqueue(
    { kind: 'test', dedupeKey: key, payload: '{}', runAt: at, maxAttempts: 1 },
    ago(daysAgo + 1),
  );
  if (outcome === 'pending') return;
  const [claimed] = await storage.jobs.claim('w', at, new Date(at.getTime() + 60_000), 1);
  if (claimed === undefined) throw new TypeError(`job ${key} not claimed`);
  if (outcome === 'done') await storage.jobs.complete(claimed.id, 'w', at);
  else await storage.jobs.fail(claimed.id, 'w', 'gave up', null, at);
}

describe.each(storageBackends())('the purge of finished jobs on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  beforeEach(async () => {
    opened = await backend.open();
    storage = opened.storage;
  });
  afterEach(() => opened.dispose());

  it('removes done and failed jobs past the period, keeps pending and recent ones, and counts them first', async () => {
    await job(storage, 'old-done', 40, 'done');
    await job(storage, 'old-failed', 35, 'failed');
    await job(storage, 'recent-done', 2, 'done');
    await job(storage, 'old-pending', 40, 'pending');
    const options = { at: NOW, defaults: DEFAULTS, jobRetentionDays: 30 };

    const dry = await storage.retention.purge({ ...options, isDryRun: true });
    expect(dry.finishedJobs).toBe(2);
    expect(await storage.jobs.list('')).toHaveLength(4);

    const real = await storage.retention.purge({ ...options, isDryRun: false });
    expect(real).toEqual(dry);
    expect((await storage.jobs.list('')).map((j) => j.dedupeKey).sort()).toEqual(['old-pending', 'recent-done']);
    const [event] = await storage.audit.list({ action: 'retention_purged' });
    expect(event?.details.finishedJobs).toBe(2);
    expect((await storage.retention.lastPurge())?.counts.finishedJobs).toBe(2);

    expect((await storage.retention.purge({ ...options, isDryRun: false })).finishedJobs).toBe(0);
  });

  it('keeps finished jobs JOB_RETENTION_BOUNDS.default days when no period is given', async () => {
    await job(storage, 'a', 29, 'done');
    await job(storage, 'b', 31, 'done');
    expect((await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false })).finishedJobs).toBe(1);
  });

  it('reads a last run recorded before jobs were purged as having removed none', () => {
    const { finishedJobs: _none, ...older } = { ...DEFAULTS, finishedJobs: 0 };
    const view = PurgeRunView.parse({ at: NOW.toISOString(), counts: older });
    expect(view.counts.finishedJobs).toBe(0);
  });
});
