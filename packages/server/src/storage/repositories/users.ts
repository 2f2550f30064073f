import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { StorageError } from '../errors.ts';
import type { Database } from '../schema.ts';
import type { UserRepository } from '../types.ts';
import { isUniqueViolation } from './pg-errors.ts';

/** Users over Kysely; emails are stored lower-case so lookups are case-insensitive. */
export function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async create(user) {
      try {
        return await db
          .insertInto('users')
          .values({ ...user, email: user.email.toLowerCase(), id: randomUUID(), createdAt: new Date() })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (err) {
        if (isUniqueViolation(err)) throw new StorageError('conflict', 'user', { field: 'email', cause: err });
        throw err;
      }
    },
    async get(id) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByEmail(email) {
      return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },
    async listByOrganisation(organisationId) {
      return db
        .selectFrom('users')
        .selectAll()
        .where('organisationId', '=', organisationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
    },
    async countAdmins() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async setRequiresPasskey(id, requiresPasskey) {
      await db.updateTable('users').set({ requiresPasskey }).where('id', '=', id).execute();
    },
    async resetCredentials(id, passwordHash) {
      return db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('passkeyCredentials').where('userId', '=', id).executeTakeFirst();
        await trx.deleteFrom('passkeyChallenges').where('userId', '=', id).execute();
        await trx.updateTable('users').set({ passwordHash, requiresPasskey: false }).where('id', '=', id).execute();
        const ended = await trx.deleteFrom('sessions').where('userId', '=', id).returning('tokenHash').execute();
        return { endedSessions: ended.map((s) => s.tokenHash), passkeysRemoved: Number(removed.numDeletedRows) };
      });
    },
  };
}
