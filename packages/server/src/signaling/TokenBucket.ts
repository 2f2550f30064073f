/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`; each message
 * takes one. Time is injected so tests need no waiting.
 */
export class TokenBucket {
  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(options: { ratePerSecond: number; burst: number; now?: () => number }) {
    if (options.ratePerSecond <= 0 || options.burst < 1)
      throw new TypeError('TokenBucket needs a positive rate and burst');
    this.#ratePerSecond = options.ratePerSecond;
    this.#burst = options.burst;
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
}
