/**
 * Issue 9: the durable job queue (reminders; ADR 0017) and SMS deliveries. A job is claimed by one
 * node at a time (a lease), retried with backoff, and enqueued once per `dedupe_key`. A delivery
 * made by a job carries its `job_key`, so a job that runs again never sends the same message twice.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const jobsSms: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'failed')`))
      .addColumn('run_at', 'timestamptz', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'timestamptz')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('finished_at', 'timestamptz')
      .execute();
    await sql`create index jobs_due_idx on jobs (run_at) where status = 'pending'`.execute(db);
    await sql`alter table appointment_notifications drop constraint appointment_notifications_channel_check`.execute(
      db,
    );
    await sql`alter table appointment_notifications add constraint appointment_notifications_channel_check check (channel in ('email', 'sms'))`.execute(
      db,
    );
    await sql`alter table appointment_notifications drop constraint appointment_notifications_purpose_check`.execute(
      db,
    );
    await sql`alter table appointment_notifications add constraint appointment_notifications_purpose_check check (purpose in ('invitation', 'update', 'cancellation', 'reminder'))`.execute(
      db,
    );
    await db.schema
      .alterTable('appointment_notifications')
      .addColumn('job_key', 'text', (c) => c.unique())
      .execute();
    await db.schema
      .createTable('message_templates')
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('nb', 'nn', 'en')`))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms')`))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('message_templates_pk', ['organisation_id', 'language', 'purpose', 'channel'])
      .execute();
  },
};
