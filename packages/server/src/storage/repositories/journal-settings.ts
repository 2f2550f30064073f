import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { JournalSettingsRepository } from '../types.ts';

/** Per-organisation journal handover settings over Kysely (one row per organisation). */
export function journalSettingsRepository(db: Kysely<Database>): JournalSettingsRepository {
  return {
    async get(organisationId) {
      return db
        .selectFrom('organisationJournalSettings')
        .selectAll()
        .where('organisationId', '=', organisationId)
        .executeTakeFirst();
    },
    async put(row) {
      const { organisationId: _key, ...changes } = row;
      await db
        .insertInto('organisationJournalSettings')
        .values(row)
        .onConflict((oc) => oc.column('organisationId').doUpdateSet(changes))
        .execute();
    },
  };
}
