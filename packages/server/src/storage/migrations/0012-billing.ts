/**
 * Issue 9 (ADR 0019): per organisation, the EPJ's FHIR endpoint and the billing-code table (JSON
 * text, validated by the protocol's BillingTable before it is written). Null table: the default.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const billing: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisation_journal_settings')
      .addColumn('organisation_id', 'uuid', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
      .addColumn('epj_fhir_url', 'text')
      .addColumn('billing_table', 'text')
      .addColumn('updated_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
