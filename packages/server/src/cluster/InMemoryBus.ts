import type { Bus, BusHandler } from './Bus.ts';

/**
 * The single-node Bus: delivers each published message to this process's subscribers, in
 * publish order. Delivery is synchronous inside `publish`, so a caller that awaits `publish`
 * knows every local subscriber has seen the message (the Redis implementation keeps order per
 * channel but not this promptness).
 */
export class InMemoryBus implements Bus {
  readonly #channels = new Map<string, Set<BusHandler>>();
  readonly #onHandlerError: (error: unknown, channel: string) => void;
  #isClosed = false;

  /** `onHandlerError` hears about a subscriber that threw; other subscribers still get the message. */
  constructor(options: { onHandlerError?: (error: unknown, channel: string) => void } = {}) {
    this.#onHandlerError = options.onHandlerError ?? (() => undefined);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.#isClosed) throw new TypeError('InMemoryBus.publish after close');
    const handlers = this.#channels.get(channel);
    if (handlers === undefined) return;
    // Copy first: a handler may unsubscribe (or subscribe) while we deliver.
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        this.#onHandlerError(error, channel);
      }
    }
  }

  subscribe(channel: string, handler: BusHandler, signal: AbortSignal): void {
    if (this.#isClosed || signal.aborted) return;
    // Wrap so the same function subscribed twice counts (and unsubscribes) twice.
    const entry: BusHandler = (message) => handler(message);
    let handlers = this.#channels.get(channel);
    if (handlers === undefined) {
      handlers = new Set();
      this.#channels.set(channel, handlers);
    }
    handlers.add(entry);
    signal.addEventListener(
      'abort',
      () => {
        const current = this.#channels.get(channel);
        if (current === undefined) return;
        current.delete(entry);
        if (current.size === 0) this.#channels.delete(channel);
      },
      { once: true },
    );
  }

  /** Number of live subscriptions on `channel` (lets tests prove teardown happened). */
  subscriberCount(channel: string): number {
    return this.#channels.get(channel)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    this.#channels.clear();
  }
}
