/**
 * The login sessions one socket acted with (normally one): it ends when any of them ends — a
 * logout or revocation on any node (the Bus), or its expiry (a timer). One per Connection.
 */
import type { Bus } from '../cluster/Bus.ts';
import { sessionChannel, SessionBusMessage } from '../application/channels.ts';

/** Longest delay `setTimeout` keeps (2^31 - 1 ms, about 24.8 days); later expiries re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

export interface SessionWatchOptions {
  bus: Bus;
  now: () => Date;
  /** The socket's lifetime: ends the Bus subscriptions. */
  signal: AbortSignal;
  /** A session this socket acted with ended or expired. */
  onEnded: () => void;
}

export class SessionWatch {
  readonly #o: SessionWatchOptions;
  /** Token hashes of the sessions watched. */
  readonly #sessions = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SessionWatchOptions) {
    this.#o = options;
  }

  /** Watches `session` (again: only its expiry is taken anew). */
  bind(session: { tokenHash: string; expiresAt: Date }): void {
    if (this.#o.signal.aborted) return;
    if (!this.#sessions.has(session.tokenHash)) {
      this.#sessions.add(session.tokenHash);
      this.#o.bus.subscribe(
        sessionChannel(session.tokenHash),
        (m) => {
          if (SessionBusMessage.safeParse(m).success) this.#o.onEnded();
        },
        this.#o.signal,
      );
    }
    this.#endAtExpiry(session.expiresAt);
  }

  /** Stops the expiry timer (the socket closed). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Ends at the session's expiry (the latest bound one's). */
  #endAtExpiry(expiresAt: Date): void {
    const waitMs = expiresAt.getTime() - this.#o.now().getTime();
    clearTimeout(this.#timer);
    if (waitMs <= 0) {
      this.#timer = undefined;
      this.#o.onEnded();
      return;
    }
    this.#timer = setTimeout(
      () => (waitMs > MAX_TIMER_MS ? this.#endAtExpiry(expiresAt) : this.#o.onEnded()),
      Math.min(waitMs, MAX_TIMER_MS),
    );
  }
}
