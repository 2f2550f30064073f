import { PROTOCOL_VERSION, type AppointmentView, type ConsultationView } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from './events.ts';
import type { SessionError } from './session/types.ts';
import type { BackoffOptions } from './signaling/backoff.ts';
import {
  SignalingClient,
  type ConnectionState,
  type HeartbeatOptions,
  type WebSocketConstructor,
} from './signaling/SignalingClient.ts';

export interface DashboardWatcherOptions {
  url: string;
  WebSocket?: WebSocketConstructor;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
}

export interface DashboardWatcherEvents {
  /** The clinician's consultations, each with who is waiting; sent whenever that changes. */
  consultationsChanged: ConsultationView[];
  /** The clinician's appointments of today and the next six days, in time order (issue 9). */
  appointmentsChanged: AppointmentView[];
  connectionStateChanged: ConnectionState;
  error: SessionError;
}

/**
 * Keeps a clinician's dashboard live: sends `watchDashboard` on every (re)connect, so a dropped
 * socket or a server restart only delays updates.
 */
export class DashboardWatcher {
  readonly #signaling: SignalingClient;
  readonly #events = new Emitter<DashboardWatcherEvents>();
  #consultations: ConsultationView[] = [];
  #appointments: AppointmentView[] = [];
  #isStarted = false;
  #isClosed = false;

  constructor(options: DashboardWatcherOptions) {
    this.#signaling = new SignalingClient({
      url: options.url,
      ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
    });
  }

  /** The latest list (empty until the first `dashboard` message). */
  get consultations(): ConsultationView[] {
    return this.#consultations;
  }

  /** The latest appointments (empty until the first `dashboard` message). */
  get appointments(): AppointmentView[] {
    return this.#appointments;
  }

  get connectionState(): ConnectionState {
    return this.#signaling.state;
  }

  on<K extends keyof DashboardWatcherEvents>(
    name: K,
    listener: (payload: DashboardWatcherEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  start(): void {
    if (this.#isStarted || this.#isClosed) return;
    this.#isStarted = true;
    this.#signaling.on('opened', () => {
      this.#signaling.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    });
    this.#signaling.on('stateChanged', (state) => this.#events.emit('connectionStateChanged', state));
    this.#signaling.on('message', (message) => {
      if (message.type === 'dashboard') {
        this.#consultations = message.consultations;
        this.#events.emit('consultationsChanged', message.consultations);
        this.#appointments = message.appointments ?? [];
        this.#events.emit('appointmentsChanged', this.#appointments);
      } else if (message.type === 'error') {
        this.#events.emit('error', { code: message.code, message: message.message });
        if (message.isFatal === true) this.close();
      }
    });
    this.#signaling.connect();
  }

  /**
   * Sends a short text to someone in the waiting room without entering the call (owner only).
   * False when the socket is not open; a refusal arrives as an `error` event.
   */
  messageWaiting(participantId: string, text: string): boolean {
    return this.#signaling.send({ type: 'messageWaiting', participantId, text });
  }

  /** Declines someone in the waiting room, with an optional reason shown to them (owner only). */
  decline(participantId: string, reason?: string): boolean {
    return this.#signaling.send(
      reason === undefined ? { type: 'decline', participantId } : { type: 'decline', participantId, reason },
    );
  }

  /** Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#signaling.close();
    this.#events.clear();
  }
}
