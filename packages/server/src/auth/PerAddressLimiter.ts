/**
 * A sliding-window allowance per client address, for what anyone may try without logging in (the
 * equipment test's TURN credentials, issue 9; link guesses, via LinkAttemptLimiter, issue 8): at
 * most `perAddress` calls in `windowMs`. Check and count are one synchronous step, so parallel
 * requests cannot all pass; a call that turns out not to count gives its place back. In memory per
 * node; the number of addresses tracked is bounded, so a flood of addresses cannot grow it forever.
 */
export interface PerAddressLimits {
  perAddress: number;
  windowMs: number;
}

export type PerAddressDecision =
  | { ok: true; /** Un-counts this call (once), e.g. a link token that named a real link. */ giveBack: () => void }
  | { ok: false; retryAfterSeconds: number };

const MAX_TRACKED_ADDRESSES = 10_000;

export class PerAddressLimiter {
  readonly #limits: PerAddressLimits;
  readonly #calls = new Map<string, number[]>();

  constructor(limits: PerAddressLimits) {
    if (!Number.isInteger(limits.perAddress) || limits.perAddress < 1 || limits.windowMs <= 0) {
      throw new TypeError('PerAddressLimiter needs a positive whole allowance and window');
    }
    this.#limits = limits;
  }

  /** Takes one call for `address` at `now`, or says how many seconds until the next is allowed. */
  take(address: string, now: Date): PerAddressDecision {
    const t = now.getTime();
    if (this.#calls.size >= MAX_TRACKED_ADDRESSES) this.#forgetOld(t);
    const times = (this.#calls.get(address) ?? []).filter((x) => x > t - this.#limits.windowMs);
    if (times.length >= this.#limits.perAddress) {
      this.#calls.set(address, times);
      const oldestThatMustExpire = times[times.length - this.#limits.perAddress] ?? t;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldestThatMustExpire + this.#limits.windowMs - t) / 1000)),
      };
    }
    times.push(t);
    this.#calls.set(address, times);
    let isGivenBack = false;
    return {
      ok: true,
      giveBack: () => {
        if (isGivenBack) return;
        isGivenBack = true;
        const current = this.#calls.get(address);
        const i = current?.indexOf(t) ?? -1;
        if (current === undefined || i === -1) return;
        current.splice(i, 1);
        if (current.length === 0) this.#calls.delete(address);
      },
    };
  }

  #forgetOld(t: number): void {
    for (const [address, times] of this.#calls) {
      const recent = times.filter((x) => x > t - this.#limits.windowMs);
      if (recent.length === 0) this.#calls.delete(address);
      else this.#calls.set(address, recent);
    }
    // Still full of live addresses: forget the oldest entries rather than grow without bound.
    for (const address of this.#calls.keys()) {
      if (this.#calls.size < MAX_TRACKED_ADDRESSES) break;
      this.#calls.delete(address);
    }
  }
}
