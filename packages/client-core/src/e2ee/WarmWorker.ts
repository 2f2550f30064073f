import { isEncodedTransformSupported } from './worker/transforms.ts';

/**
 * One E2EE worker started before it is needed. Starting a module worker (fetch, compile, the
 * SFrame code) takes 50–100 ms on a busy 2-core machine; started only when the first peer
 * connection appeared, it held up the answer and the first decrypted frame after an admission.
 *
 * A waiting person's page starts one while waiting. It is empty: no key reaches it and no frame
 * passes through it until an admission hands it to that call's E2eeSession (`take`), so starting
 * it early tells the page nothing about the call.
 */
export class WarmWorker {
  readonly #create: () => Worker;
  #spare: Worker | null = null;

  constructor(create: () => Worker) {
    this.#create = create;
  }

  /** True when a spare worker is running, ready to be taken. */
  get isPrepared(): boolean {
    return this.#spare !== null;
  }

  /** Starts the spare now, where this browser can run encoded transforms at all; idempotent. */
  prepare(): void {
    if (this.#spare !== null || typeof Worker === 'undefined' || !isEncodedTransformSupported()) return;
    try {
      this.#spare = this.#create();
    } catch (error) {
      // The call will try again when it needs the worker, and report the failure then.
      console.warn('E2EE: could not start the encryption worker ahead of the call', error);
    }
  }

  /** The spare if one is running (the caller now owns it), else a new worker. */
  take(): Worker {
    const spare = this.#spare;
    this.#spare = null;
    return spare ?? this.#create();
  }

  /** Stops a spare nobody took. */
  dispose(): void {
    this.#spare?.terminate();
    this.#spare = null;
  }
}
