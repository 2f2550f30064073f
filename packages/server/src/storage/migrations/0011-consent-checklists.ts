/**
 * Issue 9, consent and checklists (ADR 0018): the organisation's documents (patient texts per
 * language, the checklist) as immutable versions keyed by their SHA-256 and a pointer to the
 * current one per slot; consent records per consultation and participant; the checklist version
 * a consultation uses and which of its items were ticked (ids and times only).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const consentChecklists: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisation_document_versions')
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('patient-text', 'checklist')`))
      .addColumn('language', 'text', (c) => c.check(sql`language in ('nb', 'nn', 'en')`))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
      .addColumn('saved_by_user_id', 'uuid', (c) => c.references('users.id'))
      .addPrimaryKeyConstraint('organisation_document_versions_pk', ['organisation_id', 'hash'])
      .execute();
    // A version is what some consent names: it never changes (deleting the organisation removes it).
    await sql`
      create function organisation_document_versions_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'organisation document versions are immutable';
      end $$`.execute(db);
    await sql`
      create trigger organisation_document_versions_no_update before update on organisation_document_versions
      for each row execute function organisation_document_versions_immutable()`.execute(db);

    await db.schema
      .createTable('organisation_document_current')
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
      .addColumn('slot', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('organisation_document_current_pk', ['organisation_id', 'slot'])
      .addForeignKeyConstraint(
        'organisation_document_current_version_fk',
        ['organisation_id', 'hash'],
        'organisation_document_versions',
        ['organisation_id', 'hash'],
      )
      .execute();

    await db.schema
      .createTable('consent_records')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('consultation_id', 'uuid', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
      .addColumn('participant_id', 'uuid', (c) => c.notNull().references('participants.id').onDelete('cascade'))
      .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('given', 'withdrawn')`))
      .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('browser', 'spoken')`))
      .addColumn('text_hash', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('nb', 'nn', 'en')`))
      .addColumn('recorded_by_user_id', 'uuid', (c) => c.references('users.id'))
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('consent_records_consultation_idx')
      .on('consent_records')
      .columns(['consultation_id', 'at'])
      .execute();

    await db.schema
      .createTable('consultation_checklists')
      .addColumn('consultation_id', 'uuid', (c) => c.primaryKey().references('consultations.id').onDelete('cascade'))
      .addColumn('checklist_hash', 'text', (c) => c.notNull())
      .addColumn('pinned_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('checklist_ticks')
      .addColumn('consultation_id', 'uuid', (c) =>
        c.notNull().references('consultation_checklists.consultation_id').onDelete('cascade'),
      )
      .addColumn('item_id', 'text', (c) => c.notNull().check(sql`item_id ~ '^[a-z0-9][a-z0-9-]{0,39}$'`))
      .addColumn('ticked_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ticked_by_user_id', 'uuid', (c) => c.references('users.id'))
      .addPrimaryKeyConstraint('checklist_ticks_pk', ['consultation_id', 'item_id'])
      .execute();
  },
};
