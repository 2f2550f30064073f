import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SessionRepository } from '../types.ts';

/** Sessions over Kysely: only the SHA-256 of the cookie's token is stored. */
export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(session) {
      await db.insertInto('sessions').values(session).execute();
    },
    async findLive(tokenHash, now) {
      const session = await db
        .selectFrom('sessions')
        .selectAll()
        .where('tokenHash', '=', tokenHash)
        .where('expiresAt', '>', now)
        .executeTakeFirst();
      if (!session) return undefined;
      const user = await db.selectFrom('users').selectAll().where('id', '=', session.userId).executeTakeFirst();
      return user ? { session, user } : undefined;
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
    },
  };
}
