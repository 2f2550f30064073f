/**
 * The durable job queue's runner (ADR 0017): jobs live in the database (storage `jobs`), so a job
 * enqueued before a restart runs after it. Each node claims due jobs under a lease (`FOR UPDATE
 * SKIP LOCKED` on PostgreSQL), so with several nodes on one database a job runs on one of them. A
 * handler that throws is retried with exponential backoff until `maxAttempts`; one that throws
 * `PermanentJobError` is given up at once. Time comes from the injected clock: tests move it and
 * call `runDue()` instead of waiting.
 */
import { randomUUID } from 'node:crypto';
import type { JobRepository, JobRow } from '../storage/types.ts';

/** Runs one job's payload (JSON-parsed; the handler validates it). */
export type JobHandler = (payload: unknown, job: JobRow) => Promise<void>;

/** A handler's way to say that trying again cannot help. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export interface JobQueueLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobQueueOptions {
  jobs: JobRepository;
  now: () => Date;
  log: JobQueueLog;
  handlers: Readonly<Record<string, JobHandler>>;
  /** How long a claimed job is this node's; past it, another node may take it (this one died). */
  leaseMs?: number;
  /** How often `start()` looks for due jobs. */
  pollMs?: number;
  /** Jobs claimed per round. */
  batchSize?: number;
  workerId?: string;
}

const DEFAULT_LEASE_MS = 2 * 60_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Wait before attempt `attempt + 1` after `attempt` failed: 30 s, 1 min, 2 min, … at most an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
}

export interface NewJob {
  kind: string;
  dedupeKey: string;
  payload: object;
  runAt: Date;
  maxAttempts?: number;
}

export class JobQueue {
  readonly #o: Required<Omit<JobQueueOptions, 'workerId'>>;
  readonly workerId: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #isClosed = false;

  constructor(options: JobQueueOptions) {
    this.#o = {
      leaseMs: DEFAULT_LEASE_MS,
      pollMs: 5_000,
      batchSize: 10,
      ...options,
    };
    this.workerId = options.workerId ?? randomUUID();
  }

  /** Adds a job unless one with its dedupe key exists; true when added. */
  enqueue(job: NewJob): Promise<boolean> {
    if (!(job.kind in this.#o.handlers)) throw new TypeError(`no handler for job kind ${job.kind}`);
    return this.#o.jobs.enqueue(
      {
        kind: job.kind,
        dedupeKey: job.dedupeKey,
        payload: JSON.stringify(job.payload),
        runAt: job.runAt,
        maxAttempts: job.maxAttempts ?? 5,
      },
      this.#o.now(),
    );
  }

  /** Removes pending jobs whose dedupe key starts with `prefix`. */
  removePending(prefix: string): Promise<number> {
    return this.#o.jobs.removePending(prefix);
  }

  /**
   * Runs every job due now, round after round until none is left; resolves with how many ran.
   * Calls while a run is going join it (one run at a time per node).
   */
  runDue(): Promise<number> {
    this.#running ??= this.#runRounds().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Looks for due jobs every `pollMs` until `close()`. */
  start(): void {
    if (this.#timer !== null || this.#isClosed) return;
    this.#timer = setInterval(() => {
      this.runDue().catch((error: unknown) => this.#o.log.error({ err: error }, 'job queue round failed'));
    }, this.#o.pollMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the run in progress. Idempotent. */
  async close(): Promise<void> {
    this.#isClosed = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }

  async #runRounds(): Promise<number> {
    let ran = 0;
    while (!this.#isClosed) {
      const now = this.#o.now();
      const claimed = await this.#o.jobs.claim(
        this.workerId,
        now,
        new Date(now.getTime() + this.#o.leaseMs),
        this.#o.batchSize,
      );
      if (claimed.length === 0) break;
      for (const job of claimed) await this.#run(job);
      ran += claimed.length;
    }
    return ran;
  }

  async #run(job: JobRow): Promise<void> {
    const { jobs, handlers, now, log } = this.#o;
    const handler = handlers[job.kind];
    try {
      if (handler === undefined) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload) as unknown, job);
      await jobs.complete(job.id, this.workerId, now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const isLast = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const at = now();
      await jobs.fail(
        job.id,
        this.workerId,
        message.slice(0, 300),
        isLast ? null : new Date(at.getTime() + backoffMs(job.attempts)),
        at,
      );
      log.error({ jobId: job.id, kind: job.kind, attempt: job.attempts, isLast }, 'job failed');
    }
  }
}
