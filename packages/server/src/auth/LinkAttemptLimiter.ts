/**
 * Brakes guessing of invitation links per client address (issue 8: 600 random tokens at 483/s
 * were all looked up). Counts attempts whose token matched no link, in a sliding window, on both
 * ways a token is tried: POST /api/invitations/inspect and the WebSocket `join` with a link.
 *
 * Each attempt is reserved before the token is looked up, so parallel guesses cannot all pass the
 * check; a token that names a link (valid, expired or revoked: not a guess) gives its reservation
 * back, so patients and guests opening their own links are never counted. In memory per node.
 */
import type { Config } from '../config/config.ts';

export interface LinkAttemptLimits {
  /** Unknown tokens one address may try within the window. */
  failedPerAddress: number;
  windowMs: number;
}

export const DEFAULT_LINK_ATTEMPT_LIMITS: LinkAttemptLimits = { failedPerAddress: 30, windowMs: 10 * 60_000 };

/** The limiter the configuration asks for (LINK_FAILED_ATTEMPTS_PER_ADDRESS, LINK_ATTEMPT_WINDOW_SECONDS). */
export function linkAttemptLimiterFor(config: Config): LinkAttemptLimiter {
  return new LinkAttemptLimiter({
    failedPerAddress: config.links.failedAttemptsPerAddress,
    windowMs: config.links.attemptWindowSeconds * 1000,
  });
}

const MAX_TRACKED_ADDRESSES = 10_000;

/** A reserved attempt: `matched()` once the token turned out to name a link. */
export interface LinkAttempt {
  matched(): void;
}

export type LinkReservation = { ok: true; attempt: LinkAttempt } | { ok: false; retryAfterSeconds: number };

export class LinkAttemptLimiter {
  readonly #limits: LinkAttemptLimits;
  readonly #attempts = new Map<string, number[]>();

  constructor(limits: LinkAttemptLimits = DEFAULT_LINK_ATTEMPT_LIMITS) {
    this.#limits = limits;
  }

  /** Takes one attempt for `address`, or says how many seconds to wait. Synchronous: check and count are one step. */
  reserve(address: string, now: Date): LinkReservation {
    const t = now.getTime();
    if (this.#attempts.size > MAX_TRACKED_ADDRESSES) {
      for (const key of [...this.#attempts.keys()]) this.#recent(key, t);
    }
    const times = this.#recent(address, t);
    if (times.length >= this.#limits.failedPerAddress) {
      const oldestThatMustExpire = times[times.length - this.#limits.failedPerAddress] ?? t;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldestThatMustExpire + this.#limits.windowMs - t) / 1000)),
      };
    }
    this.#attempts.set(address, [...times, t]);
    let isSettled = false;
    return {
      ok: true,
      attempt: {
        matched: () => {
          if (isSettled) return;
          isSettled = true;
          const current = this.#attempts.get(address);
          const i = current?.indexOf(t) ?? -1;
          if (current === undefined || i === -1) return;
          current.splice(i, 1);
          if (current.length === 0) this.#attempts.delete(address);
        },
      },
    };
  }

  #recent(address: string, t: number): number[] {
    const times = (this.#attempts.get(address) ?? []).filter((x) => x > t - this.#limits.windowMs);
    if (times.length === 0) this.#attempts.delete(address);
    else this.#attempts.set(address, times);
    return times;
  }
}
