import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { MessageTemplateRepository } from '../types.ts';

/** An organisation's SMS texts over Kysely: one row per language and purpose it wrote its own for. */
export function messageTemplateRepository(db: Kysely<Database>): MessageTemplateRepository {
  return {
    async list(organisationId) {
      return db
        .selectFrom('messageTemplates')
        .select(['language', 'purpose', 'body'])
        .where('organisationId', '=', organisationId)
        .where('channel', '=', 'sms')
        .execute();
    },
    async get(organisationId, language, purpose) {
      const row = await db
        .selectFrom('messageTemplates')
        .select('body')
        .where('organisationId', '=', organisationId)
        .where('language', '=', language)
        .where('purpose', '=', purpose)
        .where('channel', '=', 'sms')
        .executeTakeFirst();
      return row?.body;
    },
    async set(organisationId, language, purpose, body, at) {
      const key = { organisationId, language, purpose, channel: 'sms' as const };
      if (body === null) {
        await db
          .deleteFrom('messageTemplates')
          .where('organisationId', '=', organisationId)
          .where('language', '=', language)
          .where('purpose', '=', purpose)
          .where('channel', '=', 'sms')
          .execute();
        return;
      }
      await db
        .insertInto('messageTemplates')
        .values({ ...key, body, updatedAt: at })
        .onConflict((oc) =>
          oc.columns(['organisationId', 'language', 'purpose', 'channel']).doUpdateSet({ body, updatedAt: at }),
        )
        .execute();
    },
  };
}
