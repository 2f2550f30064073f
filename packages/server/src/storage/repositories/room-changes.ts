import { sql, type Kysely, type RawBuilder } from 'kysely';
import { withClauses, type AuditLog } from './audit.ts';
import type { Database } from '../schema.ts';
import type { ParticipantStateChanges, RoomChangesRepository } from '../types.ts';
import { consultationChange } from './consultations.ts';
import { toStoredChanges } from './participants.ts';

/** A participant's changed room state, mapped to columns like the participants repository's update. */
function participantUpdate(
  db: Kysely<Database>,
  id: string,
  changes: ParticipantStateChanges,
): RawBuilder<unknown> | null {
  if (Object.values(changes).every((value) => value === undefined)) return null;
  return sql`${db.updateTable('participants').set(toStoredChanges(changes)).where('id', '=', id)}`;
}

/**
 * A room command's durable changes as one statement: the updates run as data-modifying CTEs of
 * the audit append (PostgreSQL runs each exactly once, whatever the main statement reads), so a
 * command costs one round trip. They are idempotent, so an append that must retry repeats them.
 */
export function roomChangesRepository(db: Kysely<Database>, audit: AuditLog): RoomChangesRepository {
  return {
    async record(changes, at) {
      const updates = [...changes.participants].flatMap(([id, c]) => participantUpdate(db, id, c) ?? []);
      for (const [linkId, participantId] of changes.links ?? []) {
        updates.push(
          sql`${db.updateTable('invitations').set({ participantId }).where('id', '=', linkId).where('revokedAt', 'is', null)}`,
        );
      }
      if (changes.consultation !== undefined)
        updates.push(sql`${consultationChange(db, changes.consultationId, changes.consultation)}`);
      if (changes.audit.length > 0) {
        await audit.appendAll(changes.audit, at, updates);
        return;
      }
      if (updates.length > 0) await sql`${withClauses(updates)} select 1`.execute(db);
    },
  };
}
