/**
 * Migrations, kept in code (no files to find at run time) and applied in name order by
 * Kysely's Migrator. Never edit a released migration: add a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { consentChecklists } from './migrations/0011-consent-checklists.ts';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'clinician')`))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_organisation_idx').on('users').column('organisation_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('consultations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
      .addColumn('owner_user_id', 'uuid', (c) => c.notNull().references('users.id'))
      .addColumn('label', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'active', 'ended')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz')
      .addColumn('ended_at', 'timestamptz')
      .execute();
    await db.schema
      .createIndex('consultations_owner_created_idx')
      .on('consultations')
      .columns(['owner_user_id', 'created_at desc'])
      .execute();

    await db.schema
      .createTable('invitations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('consultation_id', 'uuid', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) =>
        c.notNull().check(sql`role in ('patient', 'relative', 'interpreter', 'colleague')`),
      )
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by_user_id', 'uuid', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      // No foreign key: participants reference invitations, and one of the two must come first.
      .addColumn('participant_id', 'uuid')
      .execute();
    await db.schema.createIndex('invitations_consultation_idx').on('invitations').column('consultation_id').execute();

    await db.schema
      .createTable('participants')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('consultation_id', 'uuid', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) =>
        c.notNull().check(sql`role in ('host', 'patient', 'relative', 'interpreter', 'colleague', 'guest')`),
      )
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('identity', 'text', (c) => c.notNull().check(sql`identity in ('local-account', 'invitation-link')`))
      .addColumn('user_id', 'uuid', (c) => c.references('users.id'))
      .addColumn('invitation_id', 'uuid', (c) => c.references('invitations.id'))
      .addColumn('state', 'text', (c) =>
        c.notNull().check(sql`state in ('waiting', 'admitted', 'left', 'declined', 'removed')`),
      )
      .addColumn('resume_token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('connection_epoch', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waiting_since', 'timestamptz')
      .addColumn('first_joined_at', 'timestamptz')
      .addColumn('last_left_at', 'timestamptz')
      .addColumn('consented_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('participants_consultation_state_idx')
      .on('participants')
      .columns(['consultation_id', 'state'])
      .execute();

    // Audit events reference nothing: the trail must outlive what it describes.
    // Ids are assigned by the appender (previous id + 1), so a deleted row shows as a gap.
    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'uuid')
      .addColumn('actor_participant_id', 'uuid')
      .addColumn('consultation_id', 'uuid')
      .addColumn('subject_participant_id', 'uuid')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema.createIndex('audit_events_consultation_idx').on('audit_events').column('consultation_id').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Meetings (issue 3): a consultation row gets a kind, whether personal data is involved, how
 * media flows (peer-to-peer mesh or the SFU) and whether a host locked it. Existing rows are
 * consultations through the mesh, as before.
 */
const meetings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('consultations')
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .defaultTo('consultation')
          .check(sql`kind in ('consultation', 'internal', 'external', 'clinical')`),
      )
      .execute();
    await db.schema
      .alterTable('consultations')
      .addColumn('has_personal_data', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await db.schema
      .alterTable('consultations')
      .addColumn('media', 'text', (c) =>
        c
          .notNull()
          .defaultTo('mesh')
          .check(sql`media in ('mesh', 'sfu')`),
      )
      .execute();
    await db.schema
      .alterTable('consultations')
      .addColumn('is_locked', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  },
};

/**
 * Coalesced audit events and the audit trail's filters (issue 7): a row can stand for `count`
 * identical events (the last at `last_at`); `is_sealed` marks a row that another follows, after
 * which it never changes (repositories/audit.ts). Every row but the newest is followed already.
 * Indexes for the actor and time filters (the consultation one exists).
 */
const auditRepeats: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('audit_events')
      .addColumn('count', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(1)
          .check(sql`count >= 1`),
      )
      .execute();
    await db.schema.alterTable('audit_events').addColumn('last_at', 'timestamptz').execute();
    await db.schema
      .alterTable('audit_events')
      .addColumn('is_sealed', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await sql`update audit_events set is_sealed = true where id < (select max(id) from audit_events)`.execute(db);
    await db.schema.createIndex('audit_events_actor_user_idx').on('audit_events').column('actor_user_id').execute();
    await db.schema
      .createIndex('audit_events_actor_participant_idx')
      .on('audit_events')
      .column('actor_participant_id')
      .execute();
    await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();
  },
};

/**
 * Appointments (issue 9): a consultation booked for a time, with the patient's contact (personal
 * data, erased by the retention rule: `contact_erased_at`) and every message sent about it.
 * Each appointment owns its consultation row, so the call works as an ad-hoc one does.
 */
const appointments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('appointments')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
      .addColumn('owner_user_id', 'uuid', (c) => c.notNull().references('users.id'))
      .addColumn('consultation_id', 'uuid', (c) => c.notNull().unique().references('consultations.id'))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('first-visit', 'follow-up', 'results', 'other')`),
      )
      .addColumn('label', 'text')
      .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('nb', 'nn', 'en')`))
      .addColumn('patient_email', 'text')
      .addColumn('patient_phone', 'text')
      .addColumn('contact_erased_at', 'timestamptz')
      // The link the latest invitation carried (earlier ones are revoked).
      .addColumn('invitation_id', 'uuid', (c) => c.references('invitations.id'))
      .addColumn('link_opened_at', 'timestamptz')
      // iCalendar SEQUENCE (RFC 5545 3.8.7.4): bumped by every change the patient is told about.
      .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cancelled_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addCheckConstraint('appointments_ends_after_start', sql`ends_at > starts_at`)
      .execute();
    await db.schema
      .createIndex('appointments_owner_starts_idx')
      .on('appointments')
      .columns(['owner_user_id', 'starts_at'])
      .execute();

    await db.schema
      .createTable('appointment_notifications')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('appointment_id', 'uuid', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email')`))
      .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'update', 'cancellation')`))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent', 'failed', 'logged')`))
      .addColumn('reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('appointment_notifications_appointment_idx')
      .on('appointment_notifications')
      .columns(['appointment_id', 'created_at'])
      .execute();
  },
};

/**
 * Issue 8: how each login session was made (LoginMethod as JSON text), from which every
 * participant row derives how the member was identified. Existing sessions were password logins.
 */
const sessionLoginMethod: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sessions')
      .addColumn('login_method', 'text', (c) => c.notNull().defaultTo('{"method":"password"}'))
      .execute();
  },
};

/**
 * Issue 8: passkeys (WebAuthn) for local accounts, the per-member "krev passnøkkel" setting, and
 * the ceremonies' challenges, kept server-side so any node can check them and each is used once.
 */
const passkeys: Migration = {
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

/**
 * Retention (issue 8, ADR 0016): each organisation's retention periods (JSON, read through the
 * protocol's schema so categories can be added without a migration), and the audit trail's
 * anchor: the hash the first kept event follows once older events were purged (one row at most),
 * so the shortened chain still verifies.
 */
const retention: Migration = {
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

/**
 * Issue 9: the durable job queue (reminders; ADR 0017) and SMS deliveries. A job is claimed by one
 * node at a time (a lease), retried with backoff, and enqueued once per `dedupe_key`. A delivery
 * made by a job carries its `job_key`, so a job that runs again never sends the same message twice.
 */
const jobsSms: Migration = {
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

/**
 * Issue 8, HelseID: logins waiting for the provider's callback (single use, minutes long, keyed
 * by the SHA-256 of a cookie), and which member each HelseID person is — by the HPR number an
 * admin registered and, once they logged in, by an HMAC of HelseID's pid_pseudonym.
 */
const helseId: Migration = {
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

/**
 * Issue 9 (ADR 0019): per organisation, the EPJ's FHIR endpoint and the billing-code table (JSON
 * text, validated by the protocol's BillingTable before it is written). Null table: the default.
 */
const billing: Migration = {
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

/**
 * Issue 8: how each participant was identified, as an `Identification` in JSON (replacing the
 * two-valued `identity`), the keyed hash of an ID-porten participant's pid, and the keyed hash
 * of the expected patient's national identity number on a consultation. Hashes are HMAC-SHA256
 * with a key kept outside the database (ADR 0014), so a copy of the database alone cannot be
 * searched for a number.
 */
const identification: Migration = {
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

/** All migrations, by name; names sort in the order they must run. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_meetings': meetings,
  '0003_audit_repeats': auditRepeats,
  '0004_appointments': appointments,
  '0005_session_login_method': sessionLoginMethod,
  '0008_passkeys': passkeys,
  '0009_retention': retention,
  '0011_consent_checklists': consentChecklists,
  '0007_identification': identification,
  '0012_billing': billing,
  '0010_jobs_sms': jobsSms,
  '0006_helseid': helseId,
};

/** Provides the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
