/**
 * Retention (issue 8, ADR 0016): each organisation's retention periods (JSON, read through the
 * protocol's schema so categories can be added without a migration), and the audit trail's
 * anchor: the hash the first kept event follows once older events were purged (one row at most),
 * so the shortened chain still verifies.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const retention: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('retention_settings')
      .addColumn('organisation_id', 'uuid', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
      .addColumn('settings', 'jsonb', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_by_user_id', 'uuid')
      .execute();
    await db.schema
      .createTable('audit_anchor')
      .addColumn('id', 'boolean', (c) =>
        c
          .primaryKey()
          .defaultTo(true)
          .check(sql`id`),
      )
      .addColumn('first_id', 'bigint', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('purged_count', 'bigint', (c) => c.notNull())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
