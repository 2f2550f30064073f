import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { StorageError } from '../errors.ts';
import type { Database } from '../schema.ts';
import type { ParticipantRepository, ParticipantRow } from '../types.ts';

/** Participants over Kysely; their state is durable so a server restart keeps who was admitted. */
export function participantRepository(db: Kysely<Database>): ParticipantRepository {
  return {
    async create(p) {
      return db
        .insertInto('participants')
        .values({ ...p, id: randomUUID(), createdAt: new Date(), connectionEpoch: 0 })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async createTakingInvitation(p, holder) {
      const id = randomUUID();
      const held = holder === null ? sql`participant_id is null` : sql`participant_id = ${holder}::uuid`;
      // The insert reads from the update: no row taken, no participant stored.
      const result = await sql<ParticipantRow>`
        with taken as (
          update invitations set participant_id = ${id}::uuid
          where id = ${p.invitationId}::uuid and revoked_at is null and ${held}
          returning id)
        insert into participants (id, consultation_id, role, display_name, identity, user_id, invitation_id,
          state, resume_token_hash, connection_epoch, waiting_since, first_joined_at, last_left_at, consented_at,
          created_at)
        select ${id}::uuid, ${p.consultationId}::uuid, ${p.role}::text, ${p.displayName}::text,
          ${p.identity}::text, ${p.userId}::uuid, taken.id, ${p.state}::text, ${p.resumeTokenHash}::text, 0,
          ${p.waitingSince}::timestamptz, ${p.firstJoinedAt}::timestamptz, ${p.lastLeftAt}::timestamptz,
          ${p.consentedAt}::timestamptz, ${new Date()}::timestamptz
        from taken
        returning *`.execute(db);
      return result.rows[0];
    },
    async get(id) {
      return db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByResumeTokenHash(tokenHash) {
      return db.selectFrom('participants').selectAll().where('resumeTokenHash', '=', tokenHash).executeTakeFirst();
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
      return db
        .selectFrom('participants')
        .selectAll()
        .where('consultationId', '=', consultationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
    },
    async update(id, patch) {
      const query = db.updateTable('participants').where('id', '=', id);
      const row =
        Object.keys(patch).length === 0
          ? await db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst()
          : await query.set(patch).returningAll().executeTakeFirst();
      if (!row) throw new StorageError('not-found', 'participant');
      return row;
    },
  };
}
