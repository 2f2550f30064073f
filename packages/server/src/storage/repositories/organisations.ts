import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { OrganisationRepository } from '../types.ts';

/** Organisations over Kysely. */
export function organisationRepository(db: Kysely<Database>): OrganisationRepository {
  return {
    async create(name) {
      return db
        .insertInto('organisations')
        .values({ id: randomUUID(), name, createdAt: new Date() })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async get(id) {
      return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async first() {
      return db.selectFrom('organisations').selectAll().orderBy('createdAt').limit(1).executeTakeFirst();
    },
  };
}
