/**
 * The storage port's part for work done later (issue 9): the durable job queue, the
 * organisations' message templates and their reminder times.
 */
import type { MessageChannel, NotificationPurpose, PatientLanguage } from '@samtale/protocol';

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
  /* Finished and failed jobs are removed by the retention purge (storage.retention.purge). */
}

/** Which text of an organisation: its language, purpose and channel. */
export interface MessageTemplateKey {
  language: PatientLanguage;
  purpose: NotificationPurpose;
  channel: MessageChannel;
}

/** An organisation's own text: an e-mail has a subject, an SMS has none (null). */
export interface MessageTemplateText {
  subject: string | null;
  body: string;
}

/** An organisation's own message texts (the defaults live in notify/message-templates.ts and email-templates.ts). */
export interface MessageTemplateRepository {
  list(organisationId: string): Promise<(MessageTemplateKey & MessageTemplateText)[]>;
  get(organisationId: string, key: MessageTemplateKey): Promise<MessageTemplateText | undefined>;
  /** Stores the organisation's text, or (null) removes it so the default applies. */
  set(organisationId: string, key: MessageTemplateKey, text: MessageTemplateText | null, at: Date): Promise<void>;
}

/** An organisation's own reminder times (issue 9); without them REMINDER_OFFSETS_MINUTES applies. */
export interface ReminderSettingsRepository {
  /** Minutes before an appointment, or undefined while the organisation uses the default. */
  offsetsOf(organisationId: string): Promise<number[] | undefined>;
  /** Stores (validated by the caller) or, with null, removes the organisation's reminder times. */
  save(organisationId: string, offsetsMinutes: number[] | null, byUserId: string, at: Date): Promise<void>;
}
