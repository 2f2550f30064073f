/**
 * Issue 8: passkeys (WebAuthn) for local accounts, the per-member "krev passnøkkel" setting, and
 * the ceremonies' challenges, kept server-side so any node can check them and each is used once.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const passkeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('requires_passkey', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await db.schema
      .createTable('passkey_credentials')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // base64url, as WebAuthn's JSON carries it; unique across accounts (one credential, one owner).
      .addColumn('credential_id', 'text', (c) => c.notNull().unique())
      // The COSE public key, base64url.
      .addColumn('public_key', 'text', (c) => c.notNull())
      // The authenticator's signature counter (a uint32), for clone detection.
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_backed_up', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_used_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('passkey_credentials_user_idx').on('passkey_credentials').column('user_id').execute();
    await db.schema
      .createTable('passkey_challenges')
      // SHA-256 of what the challenge is bound to: the pre-login cookie, or the session and purpose.
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) =>
        c.notNull().check(sql`purpose in ('registration', 'login', 'second-factor')`),
      )
      .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('passkey_challenges_expires_idx')
      .on('passkey_challenges')
      .column('expires_at')
      .execute();
  },
};
