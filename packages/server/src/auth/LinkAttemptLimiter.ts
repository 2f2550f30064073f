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
import { PerAddressLimiter } from './PerAddressLimiter.ts';

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

/** A reserved attempt: `matched()` once the token turned out to name a link. */
export interface LinkAttempt {
  matched(): void;
}

export type LinkReservation = { ok: true; attempt: LinkAttempt } | { ok: false; retryAfterSeconds: number };

export class LinkAttemptLimiter {
  readonly #window: PerAddressLimiter;

  constructor(limits: LinkAttemptLimits = DEFAULT_LINK_ATTEMPT_LIMITS) {
    this.#window = new PerAddressLimiter({ perAddress: limits.failedPerAddress, windowMs: limits.windowMs });
  }

  /** Takes one attempt for `address`, or says how many seconds to wait. Synchronous: check and count are one step. */
  reserve(address: string, now: Date): LinkReservation {
    const decision = this.#window.take(address, now);
    return decision.ok ? { ok: true, attempt: { matched: decision.giveBack } } : decision;
  }
}
