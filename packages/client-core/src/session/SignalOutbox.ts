import type { SignalData } from '@samtale/protocol';

/** Signals kept while signaling is away; beyond this the oldest go (ICE restart repairs). */
export const MAX_QUEUED_SIGNALS = 500;

export interface SignalOutboxOptions {
  /** Whether a signal may leave now: joined (welcomed on an open socket) and admitted. */
  canSend: () => boolean;
  /** Hands a signal to the socket; false when it could not be sent. */
  transmit: (to: string, data: SignalData) => boolean;
}

/**
 * Person-to-person signals (SDP, ICE, E2EE keys) on their way out. While signaling is away they
 * are kept rather than lost (an offer without answer would stall a connection); after a resume
 * they wait for the first roster, which says who is still there, and only then leave, in order.
 */
export class SignalOutbox {
  readonly #options: SignalOutboxOptions;
  #queued: Array<{ to: string; data: SignalData }> = [];
  /** After a resume, the next roster repairs the call (flush queued signals, resync links). */
  #needsResync = false;

  constructor(options: SignalOutboxOptions) {
    this.#options = options;
  }

  /** Signals waiting to be sent. */
  get size(): number {
    return this.#queued.length;
  }

  get needsResync(): boolean {
    return this.#needsResync;
  }

  send(to: string, data: SignalData): void {
    const canSendNow = !this.#needsResync && this.#queued.length === 0 && this.#options.canSend();
    if (canSendNow && this.#options.transmit(to, data)) return;
    // Signaling is away: keep the signal for after the resume rather than lose an offer.
    this.#queued.push({ to, data });
    if (this.#queued.length > MAX_QUEUED_SIGNALS) this.#queued.shift();
  }

  /** Welcomed again (a resume): with a call running, hold everything until the next roster. */
  handleWelcome(hasCall: boolean): void {
    this.#needsResync = hasCall;
  }

  /**
   * A roster arrived; `presentIds` are the admitted peers. After a resume this sends what was
   * kept for those still present, drops the rest, and returns true: the call should resync now.
   */
  handleRoster(presentIds: readonly string[]): boolean {
    if (!this.#needsResync) return false;
    this.#needsResync = false;
    const present = new Set(presentIds);
    const queued = this.#queued;
    this.#queued = [];
    for (const { to, data } of queued) if (present.has(to)) this.send(to, data);
    return true;
  }

  /** The call is gone: its signals mean nothing any more. */
  clear(): void {
    this.#queued = [];
    this.#needsResync = false;
  }
}
