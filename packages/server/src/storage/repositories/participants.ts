import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { StorageError } from '../errors.ts';
import { Identification } from '@samtale/protocol';
import type { Database } from '../schema.ts';
import type { ParticipantRepository, ParticipantRow, ParticipantStateChanges } from '../types.ts';

type StoredParticipant = Omit<ParticipantRow, 'identification'> & { identification: string };

/**
 * An identification read from its JSON column; anything unreadable counts as the weakest (a
 * link, name not confirmed), so a damaged row can never make someone look better identified.
 */
export function parseIdentification(text: string): Identification {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invitation-link' };
  }
  const parsed = Identification.safeParse(value);
  return parsed.success ? parsed.data : { kind: 'invitation-link' };
}

function fromStored(row: StoredParticipant): ParticipantRow {
  return { ...row, identification: parseIdentification(row.identification) };
}

function fromStoredOrUndefined(row: StoredParticipant | undefined): ParticipantRow | undefined {
  return row === undefined ? undefined : fromStored(row);
}

/** Changed columns as stored (the identification as JSON text). */
export function toStoredChanges(
  changes: ParticipantStateChanges,
): Omit<ParticipantStateChanges, 'identification'> & { identification?: string } {
  const { identification, ...rest } = changes;
  return identification === undefined ? rest : { ...rest, identification: JSON.stringify(identification) };
}

/** Participants over Kysely; their state is durable so a server restart keeps who was admitted. */
export function participantRepository(db: Kysely<Database>): ParticipantRepository {
  return {
    async create(p) {
      const row = await db
        .insertInto('participants')
        .values({
          ...p,
          identification: JSON.stringify(p.identification),
          id: randomUUID(),
          createdAt: new Date(),
          connectionEpoch: 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromStored(row);
    },
    async createTakingInvitation(p, holder) {
      const id = randomUUID();
      const held = holder === null ? sql`participant_id is null` : sql`participant_id = ${holder}::uuid`;
      // The insert reads from the update: no row taken, no participant stored.
      const result = await sql<StoredParticipant>`
        with taken as (
          update invitations set participant_id = ${id}::uuid
          where id = ${p.invitationId}::uuid and revoked_at is null and ${held}
          returning id)
        insert into participants (id, consultation_id, role, display_name, identification, pid_hmac, user_id, invitation_id,
          state, resume_token_hash, connection_epoch, waiting_since, first_joined_at, last_left_at, consented_at,
          created_at)
        select ${id}::uuid, ${p.consultationId}::uuid, ${p.role}::text, ${p.displayName}::text,
          ${JSON.stringify(p.identification)}::text, ${p.pidHmac}::text, ${p.userId}::uuid, taken.id, ${p.state}::text, ${p.resumeTokenHash}::text, 0,
          ${p.waitingSince}::timestamptz, ${p.firstJoinedAt}::timestamptz, ${p.lastLeftAt}::timestamptz,
          ${p.consentedAt}::timestamptz, ${new Date()}::timestamptz
        from taken
        returning *`.execute(db);
      return fromStoredOrUndefined(result.rows[0]);
    },
    async get(id) {
      return fromStoredOrUndefined(
        await db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst(),
      );
    },
    async findByResumeTokenHash(tokenHash) {
      return fromStoredOrUndefined(
        await db.selectFrom('participants').selectAll().where('resumeTokenHash', '=', tokenHash).executeTakeFirst(),
      );
    },
    async consultationIdsWithWaiting() {
      const rows = await db
        .selectFrom('participants')
        .innerJoin('consultations', 'consultations.id', 'participants.consultationId')
        .select('participants.consultationId')
        .distinct()
        .where('participants.state', '=', 'waiting')
        .where('consultations.status', '!=', 'ended')
        .execute();
      return rows.map((r) => r.consultationId);
    },
    async listByConsultation(consultationId) {
      const rows = await db
        .selectFrom('participants')
        .selectAll()
        .where('consultationId', '=', consultationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(fromStored);
    },
    async update(id, patch) {
      const query = db.updateTable('participants').where('id', '=', id);
      const row =
        Object.keys(patch).length === 0
          ? await db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst()
          : await query.set(toStoredChanges(patch)).returningAll().executeTakeFirst();
      if (!row) throw new StorageError('not-found', 'participant');
      return fromStored(row);
    },
  };
}
