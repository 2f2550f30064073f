/**
 * Issue 8, HelseID: logins waiting for the provider's callback (single use, minutes long, keyed
 * by the SHA-256 of a cookie), and which member each HelseID person is — by the HPR number an
 * admin registered and, once they logged in, by an HMAC of HelseID's pid_pseudonym.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const helseId: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('oidc_pending_logins')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('helseid', 'idporten')`))
      .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('login', 'link')`))
      .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('dpop_key', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('oidc_pending_logins_expires_idx')
      .on('oidc_pending_logins')
      .column('expires_at')
      .execute();

    await db.schema
      .createTable('helseid_members')
      .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('hpr_number', 'text', (c) => c.unique())
      .addColumn('pid_pseudonym_hmac', 'text', (c) => c.unique())
      .addColumn('linked_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
