/**
 * Issue 8, ID-porten for patients: a pending login may be one that identifies the holder of an
 * invitation link (`identify`, bound to the link by its id — never its token), and a patient who
 * identified gets a short-lived identification bound to their browser (SHA-256 of an HttpOnly
 * cookie) and to that link: the level, the keyed hash of the pid and the birth date derived
 * from it. The pid itself is never stored (ADR 0021).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const idporten: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table oidc_pending_logins drop constraint oidc_pending_logins_purpose_check`.execute(db);
    await sql`alter table oidc_pending_logins add constraint oidc_pending_logins_purpose_check
      check (purpose in ('login', 'link', 'identify'))`.execute(db);
    await db.schema
      .alterTable('oidc_pending_logins')
      .addColumn('invitation_id', 'uuid', (c) => c.references('invitations.id').onDelete('cascade'))
      .execute();

    await db.schema
      .createTable('idporten_identifications')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('invitation_id', 'uuid', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
      .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('high', 'substantial')`))
      .addColumn('pid_hmac', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('idporten_identifications_expires_idx')
      .on('idporten_identifications')
      .column('expires_at')
      .execute();
  },
};
