import type { SignalData } from '@samtale/protocol';
import { defaultWorker, E2eeSession } from '../e2ee/E2eeSession.ts';
import { WarmWorker } from '../e2ee/WarmWorker.ts';
import type { E2eeConfig, E2eeState } from './types.ts';

export interface CallEncryptionOptions {
  /** null: no end-to-end encryption (Node tests with fake calls only). */
  config: E2eeConfig | null;
  /** Queues or sends a key-exchange signal to one participant. */
  sendSignal: (to: string, data: SignalData) => void;
  /** The state the call view shows changed (status, code, confirmation). */
  onChange: () => void;
}

/**
 * The end-to-end encryption part of a CallSession: one E2eeSession per admission (a fresh
 * identity, so a person returned to the waiting room starts over), and the worker it will use,
 * started ahead of the admission.
 */
export class CallEncryption {
  readonly #options: CallEncryptionOptions;
  readonly #warmWorker: WarmWorker | null;
  #session: E2eeSession | null = null;

  constructor(options: CallEncryptionOptions) {
    this.#options = options;
    this.#warmWorker = options.config === null ? null : new WarmWorker(options.config.createWorker ?? defaultWorker);
  }

  get state(): E2eeState {
    const session = this.#session;
    return session === null
      ? { status: 'negotiating', verificationCode: null, isVerified: false, problems: [] }
      : {
          status: session.status,
          verificationCode: session.verificationCode,
          isVerified: session.isVerified,
          problems: session.problems,
        };
  }

  /** Starts the worker now (while waiting) so that the admission does not wait for it. */
  prepare(): void {
    this.#warmWorker?.prepare();
  }

  /** A new E2EE session for this admission; null without E2EE. */
  start(callId: string, selfId: string): E2eeSession | null {
    const warmWorker = this.#warmWorker;
    if (warmWorker === null) return null;
    this.#session?.close();
    const session = new E2eeSession({
      ...this.#options.config,
      createWorker: () => warmWorker.take(),
      callId,
      selfId,
      sendSignal: this.#options.sendSignal,
    });
    session.on('statusChanged', () => this.#options.onChange());
    session.on('verificationChanged', () => this.#options.onChange());
    session.on('problemsChanged', () => this.#options.onChange());
    this.#session = session;
    session.start().catch((error: unknown) => console.warn('E2EE did not start', error));
    return session;
  }

  handleSignal(from: string, data: SignalData): void {
    this.#session?.handleSignal(from, data);
  }

  /** Keys go only to members the server lists as admitted (a host admitted them). */
  setMembers(admittedIds: readonly string[]): void {
    this.#session?.setMembers(admittedIds);
  }

  confirmVerification(): void {
    this.#session?.confirmVerification();
  }

  /** Ends the admission's session (its keys and worker); a later admission starts afresh. */
  stop(): void {
    const session = this.#session;
    if (session === null) return;
    this.#session = null;
    session.close();
    this.#options.onChange();
  }

  /** Stops everything, the spare worker too. */
  dispose(): void {
    this.stop();
    this.#warmWorker?.dispose();
  }
}
