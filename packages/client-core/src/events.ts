/** Options every `on()` accepts: the listener is removed when `signal` aborts. */
export interface ListenerOptions {
  signal?: AbortSignal;
}

type Listener<T> = (payload: T) => void;

/**
 * A small typed event emitter. Owners keep it private and expose `on()` only, so nobody but the
 * owner can emit. Listeners are removed by an AbortSignal or the returned disposer, so teardown
 * cannot be forgotten; `clear()` is called from the owner's `close()`.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a disposer that removes it. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>, options: ListenerOptions = {}): () => void {
    const { signal } = options;
    if (signal?.aborted === true) return () => undefined;
    let set = this.#listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    const stored = listener as Listener<never>;
    set.add(stored);
    const dispose = (): void => {
      this.#listeners.get(name)?.delete(stored);
      signal?.removeEventListener('abort', dispose);
    };
    signal?.addEventListener('abort', dispose, { once: true });
    return dispose;
  }

  /** Calls every listener of `name`; a listener that throws does not stop the others. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  /** Removes every listener (called from the owner's `close()`). */
  clear(): void {
    this.#listeners.clear();
  }
}

function reportListenerError(error: unknown): void {
  // A listener's bug must not break the call engine, but it must not vanish either.
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}
