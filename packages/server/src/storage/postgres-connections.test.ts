/**
 * PostgreSQL closes connections on its own (restart, failover, an administrator): the server
 * must neither crash on the idle connection's error nor stay broken afterwards.
 */
import { describe, expect, it } from 'vitest';
import { storageBackends, withAdminClient } from '../../test/helpers/storage-backends.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const postgres = storageBackends().find((b) => b.name === 'PostgreSQL');

describe.runIf(adminUrl !== undefined && postgres !== undefined)('storage on PostgreSQL', () => {
  it('keeps answering after the server terminates its idle connections', async () => {
    const opened = await postgres!.open();
    try {
      // Fill the pool with idle connections, then have the server kill them all.
      await Promise.all([1, 2, 3].map(() => opened.storage.ping()));
      const database = new URL(opened.databaseUrl ?? '').pathname.slice(1);
      const killed = await withAdminClient(adminUrl ?? '', (c) =>
        c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]),
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      // Without an error listener on the pool the process dies here with an unhandled 'error'.
      await expect
        .poll(
          () =>
            opened.storage.ping().then(
              () => true,
              () => false,
            ),
          { timeout: 10_000 },
        )
        .toBe(true);
      expect((await opened.storage.users.listByOrganisation('00000000-0000-4000-8000-000000000000')).length).toBe(0);
    } finally {
      await opened.dispose();
    }
  });
});
