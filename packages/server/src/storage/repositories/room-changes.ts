import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AuditLog } from '../../audit/AuditLog.ts';
import type { Database } from '../schema.ts';
import type { ParticipantStateChanges, RoomChanges, RoomChangesRepository } from '../types.ts';

/** The participants columns a room command may change (fixed names, never from input). */
const COLUMNS: Record<keyof ParticipantStateChanges, string> = {
  state: 'state',
  waitingSince: 'waiting_since',
  firstJoinedAt: 'first_joined_at',
  lastLeftAt: 'last_left_at',
};

function participantUpdate(id: string, changes: ParticipantStateChanges): RawBuilder<unknown> | null {
  const sets = (Object.keys(COLUMNS) as (keyof ParticipantStateChanges)[]).flatMap((key) => {
    const value = changes[key];
    return value === undefined ? [] : [sql`${sql.raw(COLUMNS[key])} = ${value}`];
  });
  return sets.length === 0 ? null : sql`update participants set ${sql.join(sets)} where id = ${id}`;
}

/** The same conditions as the consultations repository's markStarted, markEnded and setLocked. */
function consultationUpdate(id: string, change: NonNullable<RoomChanges['consultation']>): RawBuilder<unknown> {
  switch (change.kind) {
    case 'started':
      return sql`update consultations set status = 'active', started_at = ${change.at}
        where id = ${id} and started_at is null and status = 'open'`;
    case 'ended':
      return sql`update consultations set status = 'ended', ended_at = ${change.at}
        where id = ${id} and status <> 'ended'`;
    case 'locked':
      return sql`update consultations set is_locked = ${change.isLocked} where id = ${id}`;
  }
}

/**
 * A room command's durable changes as one statement: the updates run as data-modifying CTEs of
 * the audit append (PostgreSQL runs each exactly once, whatever the main statement reads), so a
 * command costs one round trip. They are idempotent, so an append that must retry repeats them.
 */
export function roomChangesRepository(db: Kysely<Database>, audit: AuditLog): RoomChangesRepository {
  return {
    async record(changes, at) {
      const updates = [...changes.participants].flatMap(([id, c]) => participantUpdate(id, c) ?? []);
      if (changes.consultation !== undefined)
        updates.push(consultationUpdate(changes.consultationId, changes.consultation));
      if (changes.audit.length > 0) {
        await audit.appendAll(changes.audit, at, updates);
        return;
      }
      const [only, ...more] = updates;
      if (only === undefined) return;
      if (more.length === 0) await only.execute(db);
      else await sql`${withClauses(updates)} select 1`.execute(db);
    },
  };
}

/** `with c0 as (...), c1 as (...)` over data-modifying statements. */
export function withClauses(statements: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql`with ${sql.join(statements.map((s, i) => sql`${sql.raw(`c${i}`)} as (${s})`))}`;
}
