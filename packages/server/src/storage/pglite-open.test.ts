import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from './pglite-open.ts';

describe('the embedded database on a small machine', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  // initdb takes a few seconds alone and much longer on a loaded 2-core machine.
  it(
    'creates a new folder in a child process, then opens it with small buffers, and reopens it with its data',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'samtale-pglite-'));
      dirs.push(dir);
      const db = await openPglite(dir);
      try {
        expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
        const shown = await db.query<{ shared_buffers: string }>('show shared_buffers');
        expect(shown.rows[0]?.shared_buffers).toBe('16MB');
        await db.exec('create table kept (n int); insert into kept values (7)');
      } finally {
        await db.close();
      }
      const again = await openPglite(dir);
      try {
        expect((await again.query<{ n: number }>('select n from kept')).rows).toEqual([{ n: 7 }]);
      } finally {
        await again.close();
      }
    },
  );
});
