/**
 * Purging old audit events without breaking the hash chain (issue 8, ADR 0016). Only a prefix of
 * the chain is ever removed: every event before the first one still within the retention period
 * (and never the newest). The hash that first kept event follows is stored as the chain's anchor,
 * so `verify` starts there instead of at the genesis hash; the purge's own audit event records
 * the same anchor inside the chain (`auditFirstKeptId`, `auditAnchorHash`), so an anchor moved by
 * hand, or events deleted below it, no longer verify.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Where the stored chain starts: its first event follows `prevHash`. */
export interface AuditAnchor {
  firstId: number;
  prevHash: string;
}

/** The anchor set by the last purge that removed events, or null (the chain starts at genesis). */
export async function readAuditAnchor(db: Kysely<Database>): Promise<AuditAnchor | null> {
  const row = await db.selectFrom('auditAnchor').select(['firstId', 'prevHash']).executeTakeFirst();
  return row === undefined ? null : { firstId: Number(row.firstId), prevHash: row.prevHash };
}

/**
 * Inside the purge's transaction: removes the events before the first one at or after `cutoff`
 * (an event's time is its last repeat's), keeping the newest whatever its age, and moves the
 * anchor. Returns how many were removed and the new anchor (null when nothing was removed).
 */
export async function purgeAuditBefore(
  trx: Kysely<Database>,
  cutoff: Date,
  at: Date,
): Promise<{ removed: number; anchor: AuditAnchor | null }> {
  const bounds = await sql<{ headId: string | number | null; firstRecentId: string | number | null }>`
    select (select max(id) from audit_events) as head_id,
      (select min(id) from audit_events where coalesce(last_at, at) >= ${cutoff}::timestamptz) as first_recent_id
  `.execute(trx);
  const { headId, firstRecentId } = bounds.rows[0] ?? { headId: null, firstRecentId: null };
  if (headId === null) return { removed: 0, anchor: null };
  const firstKeptId = Math.min(Number(headId), firstRecentId === null ? Number(headId) : Number(firstRecentId));
  const deleted = await trx.deleteFrom('auditEvents').where('id', '<', firstKeptId).executeTakeFirst();
  const removed = Number(deleted.numDeletedRows);
  if (removed === 0) return { removed: 0, anchor: null };
  const first = await trx
    .selectFrom('auditEvents')
    .select('prevHash')
    .where('id', '=', firstKeptId)
    .executeTakeFirstOrThrow();
  const anchor = { firstId: firstKeptId, prevHash: first.prevHash };
  await trx
    .insertInto('auditAnchor')
    .values({ id: true, firstId: anchor.firstId, prevHash: anchor.prevHash, purgedCount: removed, at })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        firstId: anchor.firstId,
        prevHash: anchor.prevHash,
        purgedCount: sql<number>`audit_anchor.purged_count + ${removed}::bigint`,
        at,
      }),
    )
    .execute();
  return { removed, anchor };
}
