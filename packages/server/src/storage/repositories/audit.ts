/**
 * The append-only, hash-chained audit trail over Kysely.
 *
 * Appends are serialised twice: an in-process queue keeps this node's appends in order, and the
 * database keeps two writers (two nodes on one PostgreSQL) from forking the chain. That second
 * part is optimistic, so that an append is one statement: this node remembers the head it wrote
 * last, and inserts the next events only if that head is still the newest (the row after it must
 * not exist: the primary key refuses a second event with the same id) and is still stored as
 * remembered. When another writer got there first, it reads the head again and retries.
 * Events never hold names, emails or message text — only ids and small facts.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { isUniqueViolation } from './pg-errors.ts';
import type { AuditEventsTable, Database } from '../schema.ts';
import type { AuditEventRow, AuditRepository, NewAuditEvent } from '../types.ts';
import { GENESIS_HASH, eventHash } from '../audit-hash-chain.ts';

const VERIFY_BATCH = 1000;
const DEFAULT_LIST_LIMIT = 500;
/** Appends that lose the race this often in a row give up (far beyond any real contention). */
const MAX_ATTEMPTS = 50;

type Head = { id: number; hash: string } | null;

function toRow(r: Selectable<AuditEventsTable>): AuditEventRow {
  return { ...r, id: Number(r.id) };
}

/** `with c0 as (...), c1 as (...)` over data-modifying statements. */
export function withClauses(statements: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql`with ${sql.join(statements.map((s, i) => sql`${sql.raw(`c${i}`)} as (${s})`))}`;
}

/** `events` chained after `head`, all at `at`. */
function chainAfter(head: Head, events: readonly NewAuditEvent[], at: Date): AuditEventRow[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let id = head?.id ?? 0;
  return events.map((event) => {
    id += 1;
    const chained = {
      id,
      at,
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      actorParticipantId: event.actorParticipantId ?? null,
      consultationId: event.consultationId ?? null,
      subjectParticipantId: event.subjectParticipantId ?? null,
      details: event.details ?? {},
    };
    const hash = eventHash(prevHash, chained);
    const row = { ...chained, prevHash, hash };
    prevHash = hash;
    return row;
  });
}

export class AuditLog implements AuditRepository {
  readonly #db: Kysely<Database>;
  #tail: Promise<unknown> = Promise.resolve();
  /** The newest event as this node last wrote or read it; undefined: read it before appending. */
  #head: Head | undefined;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Appends one event after every earlier append of this process has finished. */
  async append(event: NewAuditEvent, at: Date = new Date()): Promise<AuditEventRow> {
    const [row] = await this.appendAll([event], at);
    if (row === undefined) throw new TypeError('appendAll returned no row for one event');
    return row;
  }

  /**
   * Appends `events` in order, in one statement, after every earlier append of this process.
   * `alongside`: data-modifying statements run in that same statement (as CTEs); an append that
   * must retry runs them again, so they must be idempotent.
   */
  appendAll(
    events: readonly NewAuditEvent[],
    at: Date = new Date(),
    alongside: readonly RawBuilder<unknown>[] = [],
  ): Promise<AuditEventRow[]> {
    if (events.length === 0) {
      if (alongside.length > 0) throw new TypeError('statements alongside an append need an event to append');
      return Promise.resolve([]);
    }
    const next = this.#tail.then(() => this.#appendNow(events, at, alongside));
    // The queue continues after a failed append; the caller still sees the failure.
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #appendNow(
    events: readonly NewAuditEvent[],
    at: Date,
    alongside: readonly RawBuilder<unknown>[],
  ): Promise<AuditEventRow[]> {
    for (let attempt = 1; ; attempt += 1) {
      const head = this.#head === undefined ? await this.head() : this.#head;
      const rows = chainAfter(head, events, at);
      let isStored: boolean;
      try {
        isStored = await this.#insertAfter(head, rows, alongside);
      } catch (error) {
        // Another writer took the next id: its events are the chain now.
        if (!isUniqueViolation(error)) {
          this.#head = undefined;
          throw error;
        }
        isStored = false;
      }
      if (isStored) {
        const last = rows[rows.length - 1];
        this.#head = last === undefined ? head : { id: last.id, hash: last.hash };
        return rows;
      }
      this.#head = undefined;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`audit append lost the race ${MAX_ATTEMPTS} times in a row`);
    }
  }

  /**
   * Inserts `rows` (chained after `head`) only while `head` is the event they follow as stored;
   * false when it is not (the id after it taken is a unique violation instead).
   */
  async #insertAfter(
    head: Head,
    rows: readonly AuditEventRow[],
    alongside: readonly RawBuilder<unknown>[],
  ): Promise<boolean> {
    const values = rows.map(
      (r) =>
        sql`(${r.id}::bigint, ${r.at}::timestamptz, ${r.action}::text, ${r.actorUserId}::uuid,
          ${r.actorParticipantId}::uuid, ${r.consultationId}::uuid, ${r.subjectParticipantId}::uuid,
          ${JSON.stringify(r.details)}::jsonb, ${r.prevHash}::text, ${r.hash}::text)`,
    );
    const follows =
      head === null
        ? sql`not exists (select 1 from audit_events)`
        : sql`exists (select 1 from audit_events where id = ${head.id}::bigint and hash = ${head.hash}::text)`;
    const result = await sql`${alongside.length === 0 ? sql`` : withClauses(alongside)}
      insert into audit_events (id, at, action, actor_user_id, actor_participant_id, consultation_id,
        subject_participant_id, details, prev_hash, hash)
      select * from (values ${sql.join(values)}) as e
      where ${follows}`.execute(this.#db);
    return result.numAffectedRows === BigInt(rows.length);
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
