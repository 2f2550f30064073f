/** A small typed event emitter: listeners end with an AbortSignal or the returned disposer. */
import { EventEmitter } from 'node:events';

export class TypedEvents<M extends Record<string, unknown>> {
  readonly #emitter = new EventEmitter();

  /** Adds a listener until `signal` aborts (or the returned disposer runs). */
  on<K extends keyof M & string>(name: K, listener: (event: M[K]) => void, signal?: AbortSignal): () => void {
    const wrapped = (event: M[K]): void => listener(event);
    const dispose = (): void => {
      this.#emitter.off(name, wrapped);
    };
    if (signal?.aborted === true) return dispose;
    this.#emitter.on(name, wrapped);
    signal?.addEventListener('abort', dispose, { once: true });
    return dispose;
  }

  /** Resolves with the next event `name`, or rejects when `signal` aborts. */
  once<K extends keyof M & string>(name: K, signal?: AbortSignal): Promise<M[K]> {
    return new Promise((resolve, reject) => {
      const dispose = this.on(
        name,
        (event) => {
          dispose();
          resolve(event);
        },
        signal,
      );
      signal?.addEventListener(
        'abort',
        () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')),
        { once: true },
      );
    });
  }

  emit<K extends keyof M & string>(name: K, event: M[K]): void {
    this.#emitter.emit(name, event);
  }

  removeAll(): void {
    this.#emitter.removeAllListeners();
  }
}
