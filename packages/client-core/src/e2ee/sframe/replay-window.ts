/**
 * Sliding-window replay protection for one key (the same idea as SRTP's, RFC 3711 §3.3.2):
 * counters above the highest seen are new; counters within `size` below it are accepted once;
 * anything older is refused. Frames of one sender's audio and video share a counter (RFC 9605
 * §4.1), so the window must tolerate the two streams arriving interleaved.
 */
export class ReplayWindow {
  readonly #size: bigint;
  #highest = -1n;
  readonly #seen = new Set<bigint>();

  constructor(size = 1024) {
    this.#size = BigInt(size);
  }

  /** True when `ctr` was not seen and is not too old. Does not record it. */
  isFresh(ctr: bigint): boolean {
    if (ctr > this.#highest) return true;
    if (this.#highest - ctr >= this.#size) return false;
    return !this.#seen.has(ctr);
  }

  /** Records `ctr` after its frame authenticated. */
  accept(ctr: bigint): void {
    this.#seen.add(ctr);
    if (ctr <= this.#highest) return;
    this.#highest = ctr;
    // Prune only now and then: a per-frame sweep would cost O(window) on every frame.
    if (this.#seen.size <= 2 * Number(this.#size)) return;
    const oldest = ctr - this.#size;
    for (const old of this.#seen) if (old <= oldest) this.#seen.delete(old);
  }
}
