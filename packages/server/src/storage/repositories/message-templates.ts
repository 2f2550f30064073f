import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { MessageTemplateRepository, ReminderSettingsRepository } from '../types.ts';

/** An organisation's own texts over Kysely: one row per language, purpose and channel it wrote its own for. */
export function messageTemplateRepository(db: Kysely<Database>): MessageTemplateRepository {
  return {
    async list(organisationId) {
      return db
        .selectFrom('messageTemplates')
        .select(['language', 'purpose', 'channel', 'subject', 'body'])
        .where('organisationId', '=', organisationId)
        .execute();
    },
    async get(organisationId, key) {
      return db
        .selectFrom('messageTemplates')
        .select(['subject', 'body'])
        .where('organisationId', '=', organisationId)
        .where('language', '=', key.language)
        .where('purpose', '=', key.purpose)
        .where('channel', '=', key.channel)
        .executeTakeFirst();
    },
    async set(organisationId, key, text, at) {
      if (text === null) {
        await db
          .deleteFrom('messageTemplates')
          .where('organisationId', '=', organisationId)
          .where('language', '=', key.language)
          .where('purpose', '=', key.purpose)
          .where('channel', '=', key.channel)
          .execute();
        return;
      }
      const values = { subject: text.subject, body: text.body, updatedAt: at };
      await db
        .insertInto('messageTemplates')
        .values({ organisationId, ...key, ...values })
        .onConflict((oc) => oc.columns(['organisationId', 'language', 'purpose', 'channel']).doUpdateSet(values))
        .execute();
    },
  };
}

/** Each organisation's reminder times over Kysely (a JSON array of minutes, checked when it is read). */
export function reminderSettingsRepository(db: Kysely<Database>): ReminderSettingsRepository {
  return {
    async offsetsOf(organisationId) {
      const row = await db
        .selectFrom('organisationReminderSettings')
        .select('offsetsMinutes')
        .where('organisationId', '=', organisationId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const parsed: unknown = JSON.parse(row.offsetsMinutes);
      return Array.isArray(parsed) && parsed.every((n) => Number.isInteger(n)) ? (parsed as number[]) : undefined;
    },
    async save(organisationId, offsetsMinutes, byUserId, at) {
      if (offsetsMinutes === null) {
        await db.deleteFrom('organisationReminderSettings').where('organisationId', '=', organisationId).execute();
        return;
      }
      const values = { offsetsMinutes: JSON.stringify(offsetsMinutes), updatedByUserId: byUserId, updatedAt: at };
      await db
        .insertInto('organisationReminderSettings')
        .values({ organisationId, ...values })
        .onConflict((oc) => oc.column('organisationId').doUpdateSet(values))
        .execute();
    },
  };
}
