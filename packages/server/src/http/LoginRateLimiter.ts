/**
 * Counts failed logins per email and per client address in a sliding window, so password
 * guessing is slowed for one account and from one address. Kept in memory per node: a restart
 * forgets, which is acceptable for a brake (argon2id does the real work).
 */
export interface LoginRateLimits {
  perEmail: number;
  perAddress: number;
  windowMs: number;
}

/** The protocol's limits: 5 failures per email or 20 per address in 15 minutes. */
export const DEFAULT_LOGIN_LIMITS: LoginRateLimits = { perEmail: 5, perAddress: 20, windowMs: 15 * 60_000 };

const MAX_TRACKED_KEYS = 10_000;

export class LoginRateLimiter {
  readonly #limits: LoginRateLimits;
  readonly #failures = new Map<string, number[]>();

  constructor(limits: LoginRateLimits = DEFAULT_LOGIN_LIMITS) {
    this.#limits = limits;
  }

  /** Seconds until another attempt may be made, or 0 when one may be made now. */
  retryAfterSeconds(email: string, address: string, now: Date): number {
    const t = now.getTime();
    const wait = Math.max(
      this.#waitMs(`email:${email}`, this.#limits.perEmail, t),
      this.#waitMs(`address:${address}`, this.#limits.perAddress, t),
    );
    return Math.ceil(wait / 1000);
  }

  recordFailure(email: string, address: string, now: Date): void {
    if (this.#failures.size > MAX_TRACKED_KEYS) this.#prune(now.getTime());
    for (const key of [`email:${email}`, `address:${address}`]) {
      const times = this.#recent(key, now.getTime());
      times.push(now.getTime());
      this.#failures.set(key, times);
    }
  }

  /** A successful login clears the account's count (not the address's). */
  recordSuccess(email: string): void {
    this.#failures.delete(`email:${email}`);
  }

  /** Drops keys whose failures have all left the window (bounds memory under a spray of emails). */
  #prune(t: number): void {
    for (const key of [...this.#failures.keys()]) this.#recent(key, t);
  }

  #recent(key: string, t: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((x) => x > t - this.#limits.windowMs);
    if (times.length === 0) this.#failures.delete(key);
    return times;
  }

  #waitMs(key: string, limit: number, t: number): number {
    const times = this.#recent(key, t);
    if (times.length < limit) return 0;
    // Blocked until enough of the oldest failures leave the window.
    const oldestThatMustExpire = times[times.length - limit] ?? t;
    return oldestThatMustExpire + this.#limits.windowMs - t;
  }
}
