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
 *
 * Coalescing (issue 7, "Audit flood"): an event of a `repeatable` kind that is identical to the
 * newest row (same action, actors, consultation, subject and details) and comes within
 * COALESCE_WINDOW_MS of that row's first event adds one to the row's `count` instead of writing a
 * row: 200 rejoins with one link in a second are one row with count 200. The hash chain stays
 * verifiable because only the newest row changes, and only while no row follows it: its hash
 * covers its count, and nothing holds that hash yet. Appending a row seals the one before it
 * (`is_sealed`, set in the same statement as the insert), and a count update needs an unsealed
 * row; both take the row's lock, so whichever of two nodes comes second sees the other's write
 * and retries. Events from other rooms in between therefore end a run of repeats: a flood adds
 * at most one row per window plus one per unrelated event. `security` kinds are never coalesced.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { AUDIT_PAGE_DEFAULT, type AuditQuery } from '@samtale/protocol';
import { isUniqueViolation } from './pg-errors.ts';
import type { AuditEventsTable, Database } from '../schema.ts';
import type { AuditEventRow, AuditFilter, AuditPage, AuditRepository, NewAuditEvent } from '../types.ts';
import { GENESIS_HASH, canonicalJson, eventHash } from '../audit-hash-chain.ts';
import { readAuditAnchor } from './audit-anchor.ts';
import { AUDIT_ACTION_CLASS } from './audit-actions.ts';

export { AUDIT_ACTION_CLASS };

/** Identical repeatable events within this time of a row's first event are counted on that row. */
export const COALESCE_WINDOW_MS = 60_000;

const VERIFY_BATCH = 1000;
const DEFAULT_LIST_LIMIT = 500;
/** Appends that lose the race this often in a row give up (far beyond any real contention). */
const MAX_ATTEMPTS = 50;

/**
 * After a lost race, wait a random while before reading the head again (exponential backoff with
 * full jitter, at most 50 ms): a busy node appending back to back from its cached head needs one
 * round trip per event and the loser two, so without a pause the loser could lose every round
 * for as long as the other node stays busy (seen in CI: 50 losses in a row).
 */
function backOff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}

/** The newest event as stored (with what coalescing compares), or null for an empty trail. */
type Head = AuditEventRow | null;

function toRow(r: Selectable<AuditEventsTable>): AuditEventRow {
  const { isSealed: _isSealed, ...row } = r;
  return { ...row, id: Number(r.id), count: Number(r.count) };
}

/** The event a row would be if it stood for one event (what two events must share to coalesce). */
function sameEvent(row: AuditEventRow, event: NewAuditEvent): boolean {
  return (
    row.action === event.action &&
    row.actorUserId === (event.actorUserId ?? null) &&
    row.actorParticipantId === (event.actorParticipantId ?? null) &&
    row.consultationId === (event.consultationId ?? null) &&
    row.subjectParticipantId === (event.subjectParticipantId ?? null) &&
    canonicalJson(row.details) === canonicalJson(event.details ?? {})
  );
}

/** `head` with `event` (at `at`) counted on it, when the rules allow; else null. */
function coalesced(head: Head, events: readonly NewAuditEvent[], at: Date): AuditEventRow | null {
  const [event] = events;
  if (head === null || event === undefined || events.length !== 1) return null;
  if (AUDIT_ACTION_CLASS[event.action] !== 'repeatable' || !sameEvent(head, event)) return null;
  const since = at.getTime() - head.at.getTime();
  if (since < 0 || since > COALESCE_WINDOW_MS) return null;
  const row = { ...head, count: head.count + 1, lastAt: at };
  return { ...row, hash: eventHash(row.prevHash, row) };
}

/** The repository filter for a validated API or CLI query (AuditQuery). */
export function auditFilterOf(query: AuditQuery): AuditFilter & { limit: number } {
  return {
    ...(query.consultationId === undefined ? {} : { consultationId: query.consultationId }),
    ...(query.actor === undefined ? {} : { actor: query.actor }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.from === undefined ? {} : { from: new Date(query.from) }),
    ...(query.to === undefined ? {} : { to: new Date(query.to) }),
    ...(query.cursor === undefined ? {} : { beforeId: Number(query.cursor) }),
    limit: query.limit ?? AUDIT_PAGE_DEFAULT,
  };
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
      count: 1,
      lastAt: null,
    };
    const hash = eventHash(prevHash, chained);
    const row = { ...chained, prevHash, hash };
    prevHash = hash;
    return row;
  });
}

/** Another writer appended while a transaction was about to: retry the transaction. */
export class AuditRaceLost extends Error {
  constructor() {
    super('another writer appended to the audit trail meanwhile');
    this.name = 'AuditRaceLost';
  }
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
      const head = this.#head === undefined ? await this.#readHead() : this.#head;
      const counted = coalesced(head, events, at);
      if (counted !== null && head !== null) {
        if (await this.#countOn(head, counted, alongside)) {
          this.#head = counted;
          return [counted];
        }
        // Sealed or changed by another writer meanwhile: read the head again.
        this.#head = undefined;
        if (attempt >= MAX_ATTEMPTS) throw new Error(`audit append lost the race ${MAX_ATTEMPTS} times in a row`);
        await backOff(attempt);
        continue;
      }
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
        this.#head = rows[rows.length - 1] ?? head;
        return rows;
      }
      this.#head = undefined;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`audit append lost the race ${MAX_ATTEMPTS} times in a row`);
      await backOff(attempt);
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
    // Sealing the head (an update: it takes the row's lock) is what makes the insert conditional
    // on it, so that a concurrent count update on the head cannot slip in before the insert.
    const statements = [...alongside];
    let follows = sql`not exists (select 1 from audit_events)`;
    if (head !== null) {
      statements.push(sql`update audit_events set is_sealed = true
        where id = ${head.id}::bigint and hash = ${head.hash}::text returning id`);
      follows = sql`exists (select 1 from ${sql.raw(`c${statements.length - 1}`)})`;
    }
    const result = await sql`${statements.length === 0 ? sql`` : withClauses(statements)}
      insert into audit_events (id, at, action, actor_user_id, actor_participant_id, consultation_id,
        subject_participant_id, details, prev_hash, hash)
      select * from (values ${sql.join(values)}) as e
      where ${follows}`.execute(this.#db);
    return result.numAffectedRows === BigInt(rows.length);
  }

  /**
   * Stores `counted` (the head with one more repeat) over `head`, only while `head` is stored as
   * remembered and unsealed; false when it is not.
   */
  async #countOn(
    head: AuditEventRow,
    counted: AuditEventRow,
    alongside: readonly RawBuilder<unknown>[],
  ): Promise<boolean> {
    const result = await sql`${alongside.length === 0 ? sql`` : withClauses(alongside)}
      update audit_events set count = ${counted.count}::integer, last_at = ${counted.lastAt}::timestamptz,
        hash = ${counted.hash}::text
      where id = ${head.id}::bigint and hash = ${head.hash}::text and not is_sealed`.execute(this.#db);
    return result.numAffectedRows === 1n;
  }

  async list(filter: AuditFilter = {}): Promise<AuditEventRow[]> {
    let query = this.#db
      .selectFrom('auditEvents')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_LIST_LIMIT);
    const { consultationId, actor, action, from, to, beforeId } = filter;
    if (consultationId !== undefined) query = query.where('consultationId', '=', consultationId);
    if (actor !== undefined) {
      query = query.where((eb) => eb.or([eb('actorUserId', '=', actor), eb('actorParticipantId', '=', actor)]));
    }
    if (action !== undefined) query = query.where('action', '=', action);
    if (from !== undefined) query = query.where(sql<boolean>`coalesce(last_at, at) >= ${from}::timestamptz`);
    if (to !== undefined) query = query.where('at', '<=', to);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    return (await query.execute()).map(toRow);
  }

  /**
   * One page of `list` and the cursor of the next, older one (null on the last page). The cursor
   * is the page's last id: appends only add higher ids, so later pages never shift.
   */
  async page(filter: AuditFilter & { limit: number }): Promise<AuditPage> {
    const rows = await this.list({ ...filter, limit: filter.limit + 1 });
    const events = rows.slice(0, filter.limit);
    const last = events[events.length - 1];
    return { events, nextCursor: rows.length > filter.limit && last !== undefined ? String(last.id) : null };
  }

  async verify(): Promise<number | null> {
    // After a purge the chain starts at its anchor, which the purge's own event must confirm.
    const anchor = await readAuditAnchor(this.#db);
    let prevHash = anchor?.prevHash ?? GENESIS_HASH;
    let expectedId = anchor?.firstId ?? 1;
    let isAnchorConfirmed = anchor === null;
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
        if (
          anchor !== null &&
          row.action === 'retention_purged' &&
          row.details.auditFirstKeptId === anchor.firstId &&
          row.details.auditAnchorHash === anchor.prevHash
        ) {
          isAnchorConfirmed = true;
        }
        prevHash = row.hash;
        expectedId += 1;
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    // An anchor no purge recorded was set by hand: the events below it were not purged by us.
    return isAnchorConfirmed || anchor === null ? null : anchor.firstId;
  }

  /**
   * Appends one event inside the caller's transaction `trx` (the retention purge, whose changes
   * and event must commit together). It locks the newest event; when another writer appended
   * meanwhile it throws AuditRaceLost (or the insert a unique violation) and the caller retries
   * its whole transaction. Not queued behind this node's appends: on PGlite the transaction
   * holds the only connection, which a queued append would wait for.
   */
  async appendWithin(trx: Kysely<Database>, event: NewAuditEvent, at: Date): Promise<AuditEventRow> {
    const raw = await trx
      .selectFrom('auditEvents')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (raw?.isSealed === true) throw new AuditRaceLost();
    const head = raw === undefined ? null : toRow(raw);
    const [row] = chainAfter(head, [event], at);
    if (row === undefined) throw new TypeError('chainAfter returned no row for one event');
    if (head !== null) await trx.updateTable('auditEvents').set({ isSealed: true }).where('id', '=', head.id).execute();
    await trx
      .insertInto('auditEvents')
      .values({
        id: row.id,
        at: row.at,
        action: row.action,
        actorUserId: row.actorUserId,
        actorParticipantId: row.actorParticipantId,
        consultationId: row.consultationId,
        subjectParticipantId: row.subjectParticipantId,
        details: JSON.stringify(row.details),
        prevHash: row.prevHash,
        hash: row.hash,
      })
      .execute();
    // This node's remembered head is older now: the next append reads it again.
    this.#head = undefined;
    return row;
  }

  /** The id and hash of the newest event (tests compare it before and after). */
  async head(): Promise<{ id: number; hash: string } | null> {
    const row = await this.#readHead();
    return row === null ? null : { id: row.id, hash: row.hash };
  }

  async #readHead(): Promise<Head> {
    const row = await this.#db.selectFrom('auditEvents').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? null : toRow(row);
  }
}
