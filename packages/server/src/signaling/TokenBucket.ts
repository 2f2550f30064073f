/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`; each message
 * takes one. Refusals are reported at most once per `noticeWindowMs`, so that a flood is not
 * answered message for message (issue 7: 300,000 refused frames queued 300,000 replies). Time
 * is injected so tests need no waiting.
 */
export class TokenBucket {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #noticeWindowMs: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;
  #noticedAt = Number.NEGATIVE_INFINITY;

  constructor(options: { ratePerSecond: number; burst: number; noticeWindowMs?: number; now?: () => number }) {
    if (options.ratePerSecond <= 0 || options.burst < 1)
      throw new TypeError('TokenBucket needs a positive rate and burst');
    this.#ratePerSecond = options.ratePerSecond;
    this.#burst = options.burst;
    this.#noticeWindowMs = options.noticeWindowMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = options.burst;
    this.#last = this.#now();
  }

  /** Takes one token; false when the bucket is empty (the message must be dropped). */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#ratePerSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Whether a refusal now is the first of its notice window and should be reported; later
   * refusals in the same window are dropped silently.
   */
  claimNotice(): boolean {
    const now = this.#now();
    if (now - this.#noticedAt < this.#noticeWindowMs) return false;
    this.#noticedAt = now;
    return true;
  }
}
