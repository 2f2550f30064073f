/**
 * The storage port's part for an organisation's rules of keeping and handing over (issues 8
 * and 9): the retention purge and the journal handover settings.
 */
import type { PurgeCounts, PurgeRunView, RetentionSettings } from '@samtale/protocol';
import type { PersonalColumn } from './personal-columns.ts';

export interface PurgeOptions {
  at: Date;
  /** The periods of an organisation that has not chosen its own. */
  defaults: RetentionSettings;
  isDryRun: boolean;
  /** Days finished and failed jobs are kept (JOB_RETENTION_DAYS); JOB_RETENTION_BOUNDS.default if absent. */
  jobRetentionDays?: number;
  /** The consultation values to erase (tests add their own); PERSONAL_COLUMNS by default. */
  personalColumns?: readonly PersonalColumn[];
}

/** Retention (issue 8): each organisation's periods and the purge of what is past them. */
export interface RetentionRepository {
  /** The organisation's periods, or undefined while it uses the defaults. */
  settingsOf(organisationId: string): Promise<RetentionSettings | undefined>;
  /** Stores the organisation's periods (validated by the caller) with a `retention_changed` event. */
  saveSettings(organisationId: string, settings: RetentionSettings, byUserId: string, at: Date): Promise<void>;
  /** Removes (or, dry, only counts) what is past retention in every organisation, in one transaction. */
  purge(options: PurgeOptions): Promise<PurgeCounts>;
  /** The last purge run (not dry) with its counts, or null before the first. */
  lastPurge(): Promise<PurgeRunView | null>;
}

/** An organisation's journal handover settings (issue 9): its EPJ endpoint and billing table. */
export interface JournalSettingsRow {
  organisationId: string;
  epjFhirUrl: string | null;
  /** The table as the admin saved it (JSON text, validated before it was written); null: the default. */
  billingTable: string | null;
  updatedByUserId: string | null;
  updatedAt: Date;
}

export interface JournalSettingsRepository {
  get(organisationId: string): Promise<JournalSettingsRow | undefined>;
  /** Creates or replaces the organisation's settings. */
  put(row: JournalSettingsRow): Promise<void>;
}
