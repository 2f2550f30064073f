/**
 * The storage port's part for work done later (issue 9): the durable job queue and the
 * organisations' message templates.
 */
import type { NotificationPurpose, PatientLanguage } from '@samtale/protocol';

/** Where a job stands: waiting (or running under a lease), finished, or given up after its attempts. */
export type JobStatus = 'pending' | 'done' | 'failed';

export interface JobRow {
  id: string;
  kind: string;
  /** Enqueueing the same key again changes nothing (a reminder is enqueued once). */
  dedupeKey: string;
  /** JSON text; the handler of `kind` validates it. */
  payload: string;
  status: JobStatus;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  /** The node running it now, until `lockedUntil` (a lease: a node that died lets it go). */
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The durable job queue (ADR 0017). */
export interface JobRepository {
  /** Adds a job unless one with its `dedupeKey` exists; true when it was added. */
  enqueue(job: Pick<JobRow, 'kind' | 'dedupeKey' | 'payload' | 'runAt' | 'maxAttempts'>, at: Date): Promise<boolean>;
  /**
   * Takes up to `limit` due jobs for `workerId` until `lockedUntil`, counting an attempt each:
   * `FOR UPDATE SKIP LOCKED`, so nodes on one PostgreSQL never take the same job while its lease lasts.
   */
  claim(workerId: string, now: Date, lockedUntil: Date, limit: number): Promise<JobRow[]>;
  /** The job ran: done (only while `workerId` holds it). */
  complete(id: string, workerId: string, at: Date): Promise<void>;
  /** The job failed: run again at `runAt`, or (`runAt` null) give up as `failed`. */
  fail(id: string, workerId: string, error: string, runAt: Date | null, at: Date): Promise<void>;
  /** Removes pending jobs whose key starts with `prefix` (a cancelled or moved appointment's reminders). */
  removePending(prefix: string): Promise<number>;
  /** Jobs whose key starts with `prefix`, oldest first (tests, the CLI). */
  list(prefix: string): Promise<JobRow[]>;
}

/** An organisation's own message texts (the defaults live in notify/message-templates.ts). */
export interface MessageTemplateRepository {
  list(organisationId: string): Promise<{ language: PatientLanguage; purpose: NotificationPurpose; body: string }[]>;
  get(organisationId: string, language: PatientLanguage, purpose: NotificationPurpose): Promise<string | undefined>;
  /** Stores the organisation's SMS text, or (null) removes it so the default applies. */
  set(
    organisationId: string,
    language: PatientLanguage,
    purpose: NotificationPurpose,
    body: string | null,
    at: Date,
  ): Promise<void>;
}
