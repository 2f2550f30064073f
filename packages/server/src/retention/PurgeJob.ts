/**
 * Runs the retention purge by itself: once at start, then every PURGE_INTERVAL_MINUTES. One run
 * at a time in this process (a run asked for while one is in progress shares it); runs on other
 * nodes take turns through the database (storage's advisory lock). Logs counts only.
 */
import type { PurgeCounts } from '@samtale/protocol';

export interface PurgeJobDeps {
  /** One purge run (storage.retention.purge with the defaults and the clock). */
  purge: (isDryRun: boolean) => Promise<PurgeCounts>;
  everyMs: number;
  log: { info(details: object, message: string): void; error(details: object, message: string): void };
}

export class PurgeJob {
  readonly #deps: PurgeJobDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<PurgeCounts> | null = null;
  #isClosed = false;

  constructor(deps: PurgeJobDeps) {
    this.#deps = deps;
  }

  /** Runs a purge now, or joins the one in progress; resolves with what it removed. */
  runNow(): Promise<PurgeCounts> {
    if (this.#running !== null) return this.#running;
    const run = this.#deps.purge(false).finally(() => {
      this.#running = null;
    });
    this.#running = run;
    return run;
  }

  start(): void {
    if (this.#timer !== undefined || this.#isClosed) return;
    const tick = () => {
      this.runNow().then(
        (counts) => this.#deps.log.info({ counts }, 'retention purge finished'),
        (error: unknown) =>
          this.#deps.log.error(
            { errorName: error instanceof Error ? error.name : typeof error },
            'retention purge failed; it runs again at the next interval',
          ),
      );
    };
    tick();
    this.#timer = setInterval(tick, this.#deps.everyMs);
    this.#timer.unref();
  }

  /** Idempotent; waits for a run in progress. */
  async close(): Promise<void> {
    this.#isClosed = true;
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
