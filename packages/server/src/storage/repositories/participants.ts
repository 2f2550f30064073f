import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import type { Database } from '../schema.ts';
import type { ParticipantRepository } from '../types.ts';

/** Participants over Kysely; their state is durable so a server restart keeps who was admitted. */
export function participantRepository(db: Kysely<Database>): ParticipantRepository {
  return {
    async create(p) {
      return db
        .insertInto('participants')
        .values({ ...p, id: p.id ?? randomUUID(), createdAt: new Date(), connectionEpoch: 0 })
        .returningAll()
        .executeTakeFirstOrThrow();
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
      if (!row) throw new AppError('PARTICIPANT_NOT_FOUND');
      return row;
    },
  };
}
