/**
 * Issue 9, "equipment tested" on the day view: each patient link of an appointment gets the key
 * of its `/test#<key>` link (only its SHA-256 is stored, like the link's own token; removed with
 * the link), and the appointment keeps the latest test run's time and verdict — nothing else
 * about the run (which step, devices, network, measurements) ever reaches the server.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const equipmentTested: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('equipment_test_links')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('invitation_id', 'uuid', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
      .execute();
    await db.schema
      .createIndex('equipment_test_links_invitation_idx')
      .on('equipment_test_links')
      .column('invitation_id')
      .execute();
    await db.schema.alterTable('appointments').addColumn('equipment_tested_at', 'timestamptz').execute();
    await db.schema
      .alterTable('appointments')
      .addColumn('equipment_verdict', 'text', (c) => c.check(sql`equipment_verdict in ('ok', 'problem')`))
      .execute();
  },
};
