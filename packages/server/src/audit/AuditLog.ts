/**
 * The append-only, hash-chained audit trail over Kysely.
 *
 * Appends are serialised twice: an in-process queue keeps this node's appends in order, and a
 * transaction-scoped advisory lock keeps two nodes on one PostgreSQL from reading the same head
 * and forking the chain. Events never hold names, emails or message text — only ids and small facts.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../storage/schema.ts';
import type { AuditEventRow, AuditRepository, NewAuditEvent } from '../storage/types.ts';
import { GENESIS_HASH, eventHash } from './hash-chain.ts';

/** Advisory-lock key reserved for the audit chain (arbitrary, fixed). */
const AUDIT_LOCK_KEY = 0x5a_17a1e;
const VERIFY_BATCH = 1000;
const DEFAULT_LIST_LIMIT = 500;

function toRow(r: Selectable<AuditEventsTable>): AuditEventRow {
  return { ...r, id: Number(r.id) };
}

export class AuditLog implements AuditRepository {
  readonly #db: Kysely<Database>;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Appends one event after every earlier append of this process has finished. */
  append(event: NewAuditEvent, at: Date = new Date()): Promise<AuditEventRow> {
    const next = this.#tail.then(() => this.#appendNow(event, at));
    // The queue continues after a failed append; the caller still sees the failure.
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #appendNow(event: NewAuditEvent, at: Date): Promise<AuditEventRow> {
    return this.#db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
      const head = await trx
        .selectFrom('auditEvents')
        .select(['id', 'hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const chained = {
        id: head ? Number(head.id) + 1 : 1,
        at,
        action: event.action,
        actorUserId: event.actorUserId ?? null,
        actorParticipantId: event.actorParticipantId ?? null,
        consultationId: event.consultationId ?? null,
        subjectParticipantId: event.subjectParticipantId ?? null,
        details: event.details ?? {},
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = eventHash(prevHash, chained);
      await trx
        .insertInto('auditEvents')
        .values({ ...chained, details: JSON.stringify(chained.details), prevHash, hash })
        .execute();
      return { ...chained, prevHash, hash };
    });
  }

  async list(filter: { consultationId?: string; limit?: number } = {}): Promise<AuditEventRow[]> {
    let query = this.#db
      .selectFrom('auditEvents')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_LIST_LIMIT);
    if (filter.consultationId !== undefined) query = query.where('consultationId', '=', filter.consultationId);
    return (await query.execute()).map(toRow);
  }

  async verify(): Promise<number | null> {
    let prevHash = GENESIS_HASH;
    let expectedId = 1;
    for (;;) {
      const batch = await this.#db
        .selectFrom('auditEvents')
        .selectAll()
        .where('id', '>=', expectedId)
        .orderBy('id')
        .limit(VERIFY_BATCH)
        .execute();
      for (const raw of batch) {
        const row = toRow(raw);
        // A gap means a deleted event: report the first event after it.
        if (row.id !== expectedId || row.prevHash !== prevHash || eventHash(prevHash, row) !== row.hash) return row.id;
        prevHash = row.hash;
        expectedId += 1;
      }
      if (batch.length < VERIFY_BATCH) return null;
    }
  }

  /** The id and hash of the newest event (tests compare it before and after). */
  async head(): Promise<{ id: number; hash: string } | null> {
    const row = await this.#db
      .selectFrom('auditEvents')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { id: Number(row.id), hash: row.hash } : null;
  }
}
