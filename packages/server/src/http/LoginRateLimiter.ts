/**
 * Counts login attempts per email and per client address in a sliding window, so password
 * guessing is slowed for one account and from one address. Kept in memory per node: a restart
 * forgets, which is acceptable for a brake (argon2id does the real work).
 *
 * An attempt is reserved before the password is verified (issue 8: fifteen parallel guesses were
 * all checked against a limit of five, because each was counted only after its slow verify). The
 * check and the reservation happen in one synchronous step, so on one node no two requests can
 * both take the last slot. A wrong password keeps its reservation as a failure; a right one gives
 * it back.
 *
 * The per-address limit brakes password spraying (one address, many accounts). It does not apply
 * to an account logging in from an address where that account's correct password was given
 * recently: behind one reverse proxy or NAT everyone shares an address, and an attacker's
 * failures must not lock the organisation's own people out. Those accounts are still protected
 * by the per-account limit.
 */
export interface LoginRateLimits {
  perEmail: number;
  perAddress: number;
  windowMs: number;
  /** How long an (email, address) pair that logged in successfully is exempt from the per-address limit. */
  knownPairMs: number;
}

/** 5 failures per email or 20 per address in 15 minutes; a successful pair is known for 30 days. */
export const DEFAULT_LOGIN_LIMITS: LoginRateLimits = {
  perEmail: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
  knownPairMs: 30 * 24 * 3_600_000,
};

const MAX_TRACKED_KEYS = 10_000;

/** A reserved attempt: settle it once the password has been verified. */
export interface LoginAttempt {
  /** The password was right: the reservation is given back, and this address is known for the account. */
  succeeded(now: Date): void;
  /** The password was wrong (or the account unknown): the reservation stays, as a failure. */
  failed(): void;
}

export type LoginReservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

export class LoginRateLimiter {
  readonly #limits: LoginRateLimits;
  /** Times of failed or still-pending attempts, per `email:` and `address:` key. */
  readonly #attempts = new Map<string, number[]>();
  /** Last successful login per (email, address) pair, oldest first. */
  readonly #knownPairs = new Map<string, number>();

  constructor(limits: Partial<LoginRateLimits> = {}) {
    this.#limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /**
   * Takes one attempt for `email` from `address` if both limits allow it, or says how many
   * seconds to wait. Synchronous on purpose: nothing can run between the check and the count.
   */
  reserve(email: string, address: string, now: Date): LoginReservation {
    const t = now.getTime();
    if (this.#attempts.size > MAX_TRACKED_KEYS) this.#prune(t);
    const emailKey = `email:${email}`;
    const addressKey = `address:${address}`;
    const pairKey = `${email}\u0000${address}`;
    const knownAt = this.#knownPairs.get(pairKey);
    const isKnownPair = knownAt !== undefined && knownAt > t - this.#limits.knownPairMs;
    const wait = Math.max(
      this.#waitMs(emailKey, this.#limits.perEmail, t),
      isKnownPair ? 0 : this.#waitMs(addressKey, this.#limits.perAddress, t),
    );
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };

    const keys = [emailKey, addressKey];
    for (const key of keys) this.#attempts.set(key, [...this.#recent(key, t), t]);
    let isSettled = false;
    return {
      ok: true,
      attempt: {
        succeeded: (at) => {
          if (isSettled) return;
          isSettled = true;
          this.#release(addressKey, t);
          // A successful login clears the account's count (not the address's other failures).
          this.#attempts.delete(emailKey);
          this.#rememberPair(pairKey, at.getTime());
        },
        failed: () => {
          isSettled = true;
        },
      },
    };
  }

  #release(key: string, t: number): void {
    const times = this.#attempts.get(key);
    const i = times?.indexOf(t) ?? -1;
    if (times === undefined || i === -1) return;
    times.splice(i, 1);
    if (times.length === 0) this.#attempts.delete(key);
  }

  #rememberPair(pairKey: string, t: number): void {
    this.#knownPairs.delete(pairKey);
    this.#knownPairs.set(pairKey, t);
    // Oldest first (insertion order): forget the oldest pairs past the bound.
    for (const key of this.#knownPairs.keys()) {
      if (this.#knownPairs.size <= MAX_TRACKED_KEYS) break;
      this.#knownPairs.delete(key);
    }
  }

  /** Drops keys whose attempts have all left the window (bounds memory under a spray of emails). */
  #prune(t: number): void {
    for (const key of [...this.#attempts.keys()]) this.#recent(key, t);
  }

  #recent(key: string, t: number): number[] {
    const times = (this.#attempts.get(key) ?? []).filter((x) => x > t - this.#limits.windowMs);
    if (times.length === 0) this.#attempts.delete(key);
    else this.#attempts.set(key, times);
    return times;
  }

  #waitMs(key: string, limit: number, t: number): number {
    const times = this.#recent(key, t);
    if (times.length < limit) return 0;
    // Blocked until enough of the oldest attempts leave the window.
    const oldestThatMustExpire = times[times.length - limit] ?? t;
    return oldestThatMustExpire + this.#limits.windowMs - t;
  }
}
