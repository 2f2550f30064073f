/**
 * Migrations, kept in code (no files to find at run time) and applied in name order by
 * Kysely's Migrator. Never edit a released migration: add a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { helseId } from './migrations/0006-helseid.ts';
import { identification } from './migrations/0007-identification.ts';
import { passkeys } from './migrations/0008-passkeys.ts';
import { retention } from './migrations/0009-retention.ts';
import { jobsSms } from './migrations/0010-jobs-sms.ts';
import { consentChecklists } from './migrations/0011-consent-checklists.ts';
import { billing } from './migrations/0012-billing.ts';
import { idporten } from './migrations/0013-idporten.ts';
import { emailTemplatesReminders } from './migrations/0014-email-templates-reminders.ts';
import { equipmentTested } from './migrations/0015-equipment-tested.ts';

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

/** All migrations, by name; names sort in the order they must run. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_meetings': meetings,
  '0003_audit_repeats': auditRepeats,
  '0004_appointments': appointments,
  '0005_session_login_method': sessionLoginMethod,
  '0006_helseid': helseId,
  '0007_identification': identification,
  '0008_passkeys': passkeys,
  '0009_retention': retention,
  '0010_jobs_sms': jobsSms,
  '0011_consent_checklists': consentChecklists,
  '0012_billing': billing,
  '0013_idporten': idporten,
  '0014_email_templates_reminders': emailTemplatesReminders,
  '0015_equipment_tested': equipmentTested,
};

/** Provides the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
