/**
 * The retention rule for patients' contacts (issue 9): an appointment's e-mail address and phone
 * number are erased CONTACT_RETENTION_DAYS after it ended or was cancelled (default 7: long
 * enough to answer "I never got the link", short enough that a booking list is not an address
 * book). Runs at start and then every hour; `sweep()` runs it once (tests, the CLI).
 */
export interface ContactRetentionDeps {
  erase: (cutoff: Date, at: Date) => Promise<number>;
  retentionDays: number;
  now: () => Date;
  log: { info(details: object, message: string): void; error(details: object, message: string): void };
  everyMs?: number;
}

export class ContactRetention {
  readonly #deps: ContactRetentionDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #isClosed = false;

  constructor(deps: ContactRetentionDeps) {
    this.#deps = deps;
  }

  /** Erases what is due now; returns how many appointments' contacts were erased. */
  async sweep(): Promise<number> {
    const at = this.#deps.now();
    const cutoff = new Date(at.getTime() - this.#deps.retentionDays * 86_400_000);
    const erased = await this.#deps.erase(cutoff, at);
    if (erased > 0) this.#deps.log.info({ erased }, 'patient contacts erased by the retention rule');
    return erased;
  }

  start(): void {
    if (this.#timer !== undefined || this.#isClosed) return;
    const run = () => {
      this.#running = this.sweep().catch((error: unknown) =>
        this.#deps.log.error(
          { errorName: error instanceof Error ? error.name : typeof error },
          'contact retention sweep failed',
        ),
      );
    };
    run();
    this.#timer = setInterval(run, this.#deps.everyMs ?? 3_600_000);
    this.#timer.unref();
  }

  /** Idempotent; waits for a sweep in progress. */
  async close(): Promise<void> {
    this.#isClosed = true;
    clearInterval(this.#timer);
    await this.#running;
  }
}
