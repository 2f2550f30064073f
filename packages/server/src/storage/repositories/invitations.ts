import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { InvitationRepository } from '../types.ts';

/** Invitations over Kysely: only the SHA-256 of a link's token is stored. */
export function invitationRepository(db: Kysely<Database>): InvitationRepository {
  return {
    async create(inv) {
      return db
        .insertInto('invitations')
        .values({ ...inv, id: randomUUID(), createdAt: new Date(), revokedAt: null, participantId: null })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async findByTokenHash(tokenHash) {
      return db.selectFrom('invitations').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
    },
    async get(id) {
      return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listByConsultation(consultationId) {
      return db
        .selectFrom('invitations')
        .selectAll()
        .where('consultationId', '=', consultationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
    },
    async setParticipant(id, participantId) {
      await db.updateTable('invitations').set({ participantId }).where('id', '=', id).execute();
    },
    async revoke(id, at) {
      // Idempotent: the first revocation time is the one that counts.
      await db
        .updateTable('invitations')
        .set({ revokedAt: at })
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .execute();
    },
  };
}
