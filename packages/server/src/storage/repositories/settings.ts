import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { Storage } from '../types.ts';

/** Key/value settings (e.g. the hash of the one-time setup token). */
export function settingsRepository(db: Kysely<Database>): Storage['settings'] {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async set(key, value) {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
  };
}
