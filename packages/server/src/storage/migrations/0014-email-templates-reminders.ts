/**
 * Issue 9 (ADR 0022): e-mail texts beside the SMS texts (a subject and a body; `subject` is null
 * for an SMS), each organisation's own reminder times, and an index for the purge of finished jobs.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const emailTemplatesReminders: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table message_templates drop constraint message_templates_channel_check`.execute(db);
    await sql`alter table message_templates add constraint message_templates_channel_check check (channel in ('sms', 'email'))`.execute(
      db,
    );
    await db.schema.alterTable('message_templates').addColumn('subject', 'text').execute();
    await sql`alter table message_templates add constraint message_templates_subject_check
      check ((channel = 'email') = (subject is not null))`.execute(db);
    await db.schema
      .createTable('organisation_reminder_settings')
      .addColumn('organisation_id', 'uuid', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
      // JSON array of whole minutes before the appointment, latest first (validated before it is written).
      .addColumn('offsets_minutes', 'text', (c) => c.notNull())
      .addColumn('updated_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create index jobs_finished_idx on jobs (finished_at) where status <> 'pending'`.execute(db);
  },
};
