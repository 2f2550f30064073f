/**
 * Issue 8: how each participant was identified, as an `Identification` in JSON (replacing the
 * two-valued `identity`), the keyed hash of an ID-porten participant's pid, and the keyed hash
 * of the expected patient's national identity number on a consultation. Hashes are HMAC-SHA256
 * with a key kept outside the database (ADR 0014), so a copy of the database alone cannot be
 * searched for a number.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const identification: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('participants')
      .addColumn('identification', 'text', (c) => c.notNull().defaultTo('{"kind":"invitation-link"}'))
      .addColumn('pid_hmac', 'text')
      .execute();
    await sql`update participants set identification = '{"kind":"local-account","hasPasskey":false}'
      where identity = 'local-account'`.execute(db);
    await db.schema.alterTable('participants').dropColumn('identity').execute();
    await db.schema.alterTable('consultations').addColumn('expected_patient_hmac', 'text').execute();
  },
};
