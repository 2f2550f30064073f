/**
 * Retention (issue 8, "Data minimisation and retention"): how long each kind of personal data is
 * kept, per organisation, and what a purge run removed. Periods are whole days; every category has
 * a documented default and bounds the server enforces (docs/COMPLIANCE.md, ADR 0016).
 */
import * as z from 'zod/mini';
import { Timestamp } from './common.ts';

/** The kinds of data the purge removes, each with its own period. */
export const RETENTION_CATEGORIES = [
  'consultationNames',
  'sessions',
  'invitations',
  'appointmentContacts',
  'identityHashes',
  'auditEvents',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/**
 * Days each category is kept, counted from when the data stopped being needed: a consultation's
 * end (names, messages, identity hashes), a session's expiry, a link's expiry or withdrawal, an
 * appointment's end or cancellation, an audit event's time. Bounds: the lower one keeps what
 * support and complaints need, the upper one keeps "kept forever" out of reach by typo.
 */
export const RETENTION_BOUNDS = {
  consultationNames: { min: 1, max: 3650, default: 30 },
  sessions: { min: 0, max: 365, default: 1 },
  invitations: { min: 1, max: 3650, default: 30 },
  appointmentContacts: { min: 0, max: 365, default: 7 },
  identityHashes: { min: 1, max: 3650, default: 30 },
  auditEvents: { min: 180, max: 36500, default: 3650 },
} as const satisfies Record<RetentionCategory, { min: number; max: number; default: number }>;

const Days = z.int().check(z.minimum(0), z.maximum(100_000));

/** An organisation's retention periods in days (shape only: bounds are checked by `retentionProblems`). */
export const RetentionSettings = z.object({
  consultationNames: Days,
  sessions: Days,
  invitations: Days,
  appointmentContacts: Days,
  identityHashes: Days,
  auditEvents: Days,
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** The categories of `settings` outside their bounds (empty: valid). */
export function retentionProblems(settings: RetentionSettings): RetentionCategory[] {
  return RETENTION_CATEGORIES.filter((c) => {
    const days = settings[c];
    return days < RETENTION_BOUNDS[c].min || days > RETENTION_BOUNDS[c].max;
  });
}

/**
 * Days a finished or failed job (a reminder that went out or gave up) is kept for support before
 * the purge removes it (JOB_RETENTION_DAYS). One period for the installation: jobs belong to no
 * organisation, and they hold ids only — never a contact or a text.
 */
export const JOB_RETENTION_BOUNDS = { min: 1, max: 3650, default: 30 } as const;

/** Rows (or values) a purge removed, or would remove, per category, and the finished jobs. */
export const PurgeCounts = z.object({
  consultationNames: z.int(),
  sessions: z.int(),
  invitations: z.int(),
  appointmentContacts: z.int(),
  identityHashes: z.int(),
  auditEvents: z.int(),
  /** A run recorded before jobs were purged has none. */
  finishedJobs: z._default(z.int(), 0),
});
export type PurgeCounts = z.infer<typeof PurgeCounts>;

/** The last purge run as the admin page shows it. */
export const PurgeRunView = z.object({ at: Timestamp, counts: PurgeCounts });
export type PurgeRunView = z.infer<typeof PurgeRunView>;

/** `GET /api/admin/retention`: the organisation's periods, the defaults, and the last run. */
export const RetentionView = z.object({
  settings: RetentionSettings,
  defaults: RetentionSettings,
  /** False while the organisation uses the defaults. */
  isCustomised: z.boolean(),
  lastPurge: z.nullable(PurgeRunView),
});
export type RetentionView = z.infer<typeof RetentionView>;

// ---- compliance overview (`GET /api/admin/compliance`) ----

/** Where one requirement stands: met, met only partly or with a caveat, or not met. */
export const ComplianceState = z.enum(['ok', 'partial', 'missing']);
export type ComplianceState = z.infer<typeof ComplianceState>;

/** The checks the overview shows, each derived live from configuration and storage. */
export const COMPLIANCE_CHECKS = [
  'httpsPublicUrl',
  'turnConfigured',
  'smtpConfigured',
  'helseIdConfigured',
  'idPortenConfigured',
  'memberStrongLogin',
  'retentionSettings',
  'lastPurge',
  'auditChain',
  'ipLogging',
] as const;
export const ComplianceCheckId = z.enum(COMPLIANCE_CHECKS);
export type ComplianceCheckId = z.infer<typeof ComplianceCheckId>;

export const ComplianceCheck = z.object({
  id: ComplianceCheckId,
  state: ComplianceState,
  /** Small non-secret facts the page shows (a host name, a time, an event id). */
  detail: z.optional(z.string()),
});
export type ComplianceCheck = z.infer<typeof ComplianceCheck>;

export const ComplianceReport = z.object({ checks: z.array(ComplianceCheck), checkedAt: Timestamp });
export type ComplianceReport = z.infer<typeof ComplianceReport>;
