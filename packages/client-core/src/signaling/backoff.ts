/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** docs/PROTOCOL.md "Resuming": 0.5 s doubling to 10 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000 };

/**
 * Delay before reconnect attempt number `attempt` (0 for the first). "Equal jitter": half the
 * delay is fixed, half random, so that clients dropped together by a server restart do not all
 * come back in the same instant, yet none retries much sooner than planned.
 * `random` returns a number in [0, 1]; `random() === 1` gives the full exponential delay.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return exponential / 2 + (exponential / 2) * random();
}
