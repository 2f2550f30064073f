/**
 * At most one keyframe request per feed per interval (issue 3: "after a key change a keyframe is
 * produced without a storm of keyframe requests"). Every receiver of a feed asks when a key
 * changes; one keyframe serves them all, so the others are dropped without an answer.
 */
export class KeyframeLimiter {
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #lastAt = new Map<string, number>();

  constructor(options: { intervalMs: number; now?: () => number }) {
    this.#intervalMs = options.intervalMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** True when a request for `feedId` may go to the SFU now (and counts it). */
  take(feedId: string): boolean {
    const now = this.#now();
    const last = this.#lastAt.get(feedId);
    if (last !== undefined && now - last < this.#intervalMs) return false;
    this.#lastAt.set(feedId, now);
    return true;
  }

  /** Forgets a feed that left (feed ids are not reused within a room, but a new room may). */
  forget(feedId: string): void {
    this.#lastAt.delete(feedId);
  }
}
