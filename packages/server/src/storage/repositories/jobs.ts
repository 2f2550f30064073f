import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { JobRepository } from '../types.ts';

/** `like` pattern for keys starting with `prefix` (its own `%`, `_` and `\` taken literally). */
function startsWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * The job queue over Kysely (ADR 0017). A claim is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED)`: on PostgreSQL two nodes claiming at once skip each other's rows, and the lease
 * (`locked_until`) keeps a claimed job from everyone else until it ends or the node dies. PGlite
 * has one connection, lent to one caller at a time (PgliteDialect), so its claims are serial.
 */
export function jobRepository(db: Kysely<Database>): JobRepository {
  return {
    async enqueue(job, at) {
      const inserted = await db
        .insertInto('jobs')
        .values({
          ...job,
          id: randomUUID(),
          status: 'pending',
          lockedBy: null,
          lockedUntil: null,
          lastError: null,
          createdAt: at,
          finishedAt: null,
        })
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async claim(workerId, now, lockedUntil, limit) {
      return db
        .updateTable('jobs')
        .set((eb) => ({ lockedBy: workerId, lockedUntil, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('status', '=', 'pending')
            .where('runAt', '<=', now)
            .where((w) => w.or([w('lockedUntil', 'is', null), w('lockedUntil', '<', now)]))
            .orderBy('runAt')
            .orderBy('id')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute();
    },
    async complete(id, workerId, at) {
      await db
        .updateTable('jobs')
        .set({ status: 'done', lockedBy: null, lockedUntil: null, finishedAt: at })
        .where('id', '=', id)
        .where('lockedBy', '=', workerId)
        .execute();
    },
    async fail(id, workerId, error, runAt, at) {
      await db
        .updateTable('jobs')
        .set(
          runAt === null
            ? { status: 'failed', lockedBy: null, lockedUntil: null, lastError: error, finishedAt: at }
            : { lockedBy: null, lockedUntil: null, lastError: error, runAt },
        )
        .where('id', '=', id)
        .where('lockedBy', '=', workerId)
        .execute();
    },
    async removePending(prefix) {
      const result = await db
        .deleteFrom('jobs')
        .where('status', '=', 'pending')
        .where('dedupeKey', 'like', sql<string>`${startsWith(prefix)}`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list(prefix) {
      return db
        .selectFrom('jobs')
        .selectAll()
        .where('dedupeKey', 'like', sql<string>`${startsWith(prefix)}`)
        .orderBy('createdAt')
        .orderBy('dedupeKey')
        .execute();
    },
  };
}
