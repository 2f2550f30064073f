/**
 * Retention (issue 8, ADR 0016): each organisation's periods, and the purge that removes what is
 * past them.
 *
 * A purge run is one transaction that first takes a transaction-level advisory lock, so runs on
 * several nodes sharing one PostgreSQL (or the CLI beside a server) take turns: the second finds
 * nothing left and counts zero, and nothing is counted twice. Every statement only removes what is
 * past a cutoff fixed at the run's start, so a repeated or retried run is harmless. A run that
 * removed anything writes an audit event (counts only) in the same transaction, so data never
 * disappears without one; every run records its time and counts as the last run. A
 * dry run executes the same statements and rolls back: its counts are exactly what a run would
 * remove, and it changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import {
  JOB_RETENTION_BOUNDS,
  RETENTION_CATEGORIES,
  PurgeRunView,
  RetentionSettings,
  type PurgeCounts,
} from '@samtale/protocol';
import type { Database } from '../schema.ts';
import type { PurgeOptions, RetentionRepository } from '../types.ts';
import type { AuditLog } from './audit.ts';
import { AuditRaceLost } from './audit.ts';
import { isUniqueViolation } from './pg-errors.ts';
import { purgeAuditBefore } from './audit-anchor.ts';
import { PERSONAL_COLUMNS, type PersonalColumn } from '../personal-columns.ts';

/** The advisory lock key of purge runs (any constant; ours spells "samtale purge"). */
const PURGE_LOCK_KEY = 0x5a6d7075726765n;
/** A run that loses the race for the audit trail's head this often in a row gives up until next time. */
const MAX_ATTEMPTS = 5;
const DAY_MS = 86_400_000;
/** The settings key of the last run's time and counts (the compliance page shows it). */
const LAST_PURGE_KEY = 'retention.last_purge';

/** No rows in any category. */
export function noCounts(): PurgeCounts {
  return { ...(Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, 0])) as PurgeCounts), finishedJobs: 0 };
}

class DryRunDone extends Error {
  readonly counts: PurgeCounts;
  constructor(counts: PurgeCounts) {
    super('dry run rolled back');
    this.counts = counts;
  }
}

function countOf(result: { rows: readonly { n?: unknown }[] }): number {
  return Number(result.rows[0]?.n ?? 0);
}

/** Consultations of `organisationId` over (ended) before `cutoff`, as a subquery of ids. */
function consultationsOverBefore(organisationId: string, cutoff: Date) {
  return sql`select id from consultations where organisation_id = ${organisationId}::uuid
    and status = 'ended' and ended_at < ${cutoff}::timestamptz`;
}

async function eraseColumn(trx: Kysely<Database>, c: PersonalColumn, organisationId: string, cutoff: Date) {
  const result = await sql<{ n: string | number }>`with erased as (
      update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${c.erased}
      where ${sql.ref(c.consultationKey)} in (${consultationsOverBefore(organisationId, cutoff)})
        and ${sql.ref(c.column)} is distinct from ${c.erased}
      returning 1)
    select count(*) as n from erased`.execute(trx);
  return countOf(result);
}

async function deleteSessions(trx: Kysely<Database>, organisationId: string, cutoff: Date): Promise<number> {
  const result = await sql<{ n: string | number }>`with gone as (
      delete from sessions s using users u
      where u.id = s.user_id and u.organisation_id = ${organisationId}::uuid and s.expires_at < ${cutoff}::timestamptz
      returning 1)
    select count(*) as n from gone`.execute(trx);
  return countOf(result);
}

/**
 * Links expired or withdrawn before `cutoff`, except one still held by someone in a consultation
 * that has not ended (their seat refers to it). References from ended ones are cleared first.
 */
async function deleteInvitations(trx: Kysely<Database>, organisationId: string, cutoff: Date): Promise<number> {
  const doomed = sql`select i.id from invitations i join consultations c on c.id = i.consultation_id
    where c.organisation_id = ${organisationId}::uuid
      and (i.revoked_at < ${cutoff}::timestamptz or i.expires_at < ${cutoff}::timestamptz)
      and not exists (select 1 from participants p where p.invitation_id = i.id and c.status <> 'ended')`;
  await sql`update participants set invitation_id = null where invitation_id in (${doomed})`.execute(trx);
  await sql`update appointments set invitation_id = null where invitation_id in (${doomed})`.execute(trx);
  const result = await sql<{ n: string | number }>`with gone as (
      delete from invitations where id in (${doomed}) returning 1)
    select count(*) as n from gone`.execute(trx);
  return countOf(result);
}

/** The patient's e-mail and phone (and delivery reasons) of appointments over before `cutoff`. */
async function eraseContacts(trx: Kysely<Database>, organisationId: string, cutoff: Date, at: Date) {
  const result = await sql<{ n: string | number }>`with erased as (
      update appointments set patient_email = null, patient_phone = null, contact_erased_at = ${at}::timestamptz
      where organisation_id = ${organisationId}::uuid and contact_erased_at is null
        and coalesce(cancelled_at, ends_at) < ${cutoff}::timestamptz
      returning id),
    reasons as (update appointment_notifications set reason = null
      where appointment_id in (select id from erased) returning 1)
    select count(*) as n from erased`.execute(trx);
  return countOf(result);
}

/**
 * Jobs that finished (done or failed) before `cutoff`. A removed reminder cannot run again: a
 * reminder is only planned for a time still ahead, and its deliveries keep their job key.
 */
async function deleteFinishedJobs(trx: Kysely<Database>, cutoff: Date): Promise<number> {
  const result = await sql<{ n: string | number }>`with gone as (
      delete from jobs where status <> 'pending' and finished_at < ${cutoff}::timestamptz returning 1)
    select count(*) as n from gone`.execute(trx);
  return countOf(result);
}

/** Stored periods over the defaults: a category added later falls back to its default. */
function effective(stored: unknown, defaults: RetentionSettings): RetentionSettings {
  const merged = { ...defaults, ...(typeof stored === 'object' && stored !== null ? stored : {}) };
  const parsed = RetentionSettings.safeParse(merged);
  return parsed.success ? parsed.data : defaults;
}

function cutoffOf(at: Date, days: number): Date {
  return new Date(at.getTime() - days * DAY_MS);
}

export function retentionRepository(db: Kysely<Database>, audit: AuditLog): RetentionRepository {
  async function purgeOnce(options: PurgeOptions): Promise<PurgeCounts> {
    const { at, defaults } = options;
    const columns = options.personalColumns ?? PERSONAL_COLUMNS;
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${PURGE_LOCK_KEY}::bigint)`.execute(trx);
      const counts = noCounts();
      const organisations = await trx
        .selectFrom('organisations')
        .leftJoin('retentionSettings', 'retentionSettings.organisationId', 'organisations.id')
        .select(['organisations.id', 'retentionSettings.settings'])
        .execute();
      // The audit trail is one chain for the whole installation: it keeps what the organisation
      // with the longest period needs.
      let auditDays = organisations.length === 0 ? defaults.auditEvents : 0;
      for (const organisation of organisations) {
        const policy = effective(organisation.settings, defaults);
        for (const c of columns) {
          counts[c.category] += await eraseColumn(trx, c, organisation.id, cutoffOf(at, policy[c.category]));
        }
        counts.sessions += await deleteSessions(trx, organisation.id, cutoffOf(at, policy.sessions));
        counts.invitations += await deleteInvitations(trx, organisation.id, cutoffOf(at, policy.invitations));
        counts.appointmentContacts += await eraseContacts(
          trx,
          organisation.id,
          cutoffOf(at, policy.appointmentContacts),
          at,
        );
        auditDays = Math.max(auditDays, policy.auditEvents);
      }
      const { removed, anchor } = await purgeAuditBefore(trx, cutoffOf(at, auditDays), at);
      counts.auditEvents = removed;
      counts.finishedJobs = await deleteFinishedJobs(
        trx,
        cutoffOf(at, options.jobRetentionDays ?? JOB_RETENTION_BOUNDS.default),
      );
      if (options.isDryRun) throw new DryRunDone(counts);
      const lastRun = JSON.stringify({ at: at.toISOString(), counts });
      await sql`insert into settings (key, value) values (${LAST_PURGE_KEY}, ${lastRun})
        on conflict (key) do update set value = excluded.value`.execute(trx);
      // A run that found nothing is recorded above only: an hourly "nothing" would drown the trail.
      if (Object.values(counts).every((n) => n === 0)) return counts;
      await audit.appendWithin(
        trx,
        {
          action: 'retention_purged',
          details: {
            ...counts,
            ...(anchor === null ? {} : { auditFirstKeptId: anchor.firstId, auditAnchorHash: anchor.prevHash }),
          },
        },
        at,
      );
      return counts;
    });
  }

  return {
    async settingsOf(organisationId) {
      const row = await db
        .selectFrom('retentionSettings')
        .select('settings')
        .where('organisationId', '=', organisationId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const parsed = RetentionSettings.safeParse(row.settings);
      return parsed.success ? parsed.data : undefined;
    },

    async saveSettings(organisationId, settings, byUserId, at) {
      const json = JSON.stringify(settings);
      // The upsert runs alongside the audit append (idempotent, so a retried append repeats it).
      await audit.appendAll([{ action: 'retention_changed', actorUserId: byUserId, details: { ...settings } }], at, [
        sql`insert into retention_settings (organisation_id, settings, updated_at, updated_by_user_id)
            values (${organisationId}::uuid, ${json}::jsonb, ${at}::timestamptz, ${byUserId}::uuid)
            on conflict (organisation_id) do update set settings = excluded.settings,
              updated_at = excluded.updated_at, updated_by_user_id = excluded.updated_by_user_id
            returning 1`,
      ]);
    },

    async purge(options) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await purgeOnce(options);
        } catch (error) {
          if (error instanceof DryRunDone) return error.counts;
          const isLostRace = error instanceof AuditRaceLost || isUniqueViolation(error);
          if (!isLostRace || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },

    async lastPurge() {
      const row = await db.selectFrom('settings').select('value').where('key', '=', LAST_PURGE_KEY).executeTakeFirst();
      if (row === undefined) return null;
      const parsed = PurgeRunView.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : null;
    },
  };
}
