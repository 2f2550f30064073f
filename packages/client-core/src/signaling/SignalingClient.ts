import { ServerMessage, type ClientMessage } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../events.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the WebSocket API this client uses; the browser's class and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface HeartbeatOptions {
  /** How often to send `ping` while open. */
  intervalMs: number;
  /** A socket that has not answered a ping within this time is treated as dead. */
  timeoutMs: number;
}
export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 15_000, timeoutMs: 10_000 };

export interface SignalingClientOptions {
  url: string;
  /** Defaults to the global `WebSocket`; Node tests pass the `ws` package's class. */
  WebSocket?: WebSocketConstructor;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
  /** Jitter source in [0, 1]; tests pass `() => 1` for exact delays. */
  random?: () => number;
}

export interface SignalingClientEvents {
  /** A schema-valid message from the server (`pong` is handled here and not emitted). */
  message: ServerMessage;
  stateChanged: ConnectionState;
  /** The socket opened; `isReconnect` is true for every open after the first. */
  opened: { isReconnect: boolean };
}

const OPEN = 1;

/**
 * One logical connection to the signaling server at `/ws` that survives dropped sockets:
 * reconnects with exponential backoff and jitter, and detects dead sockets with a ping/pong
 * heartbeat (a socket can look open for minutes after a network change). What to send after a
 * reconnect (`join` or `resume`) is the owner's business: it listens to `opened`.
 */
export class SignalingClient {
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #backoff: BackoffOptions;
  readonly #heartbeat: HeartbeatOptions;
  readonly #random: () => number;
  readonly #events = new Emitter<SignalingClientEvents>();
  #state: ConnectionState = 'closed';
  #isClosed = false;
  #socket: WebSocketLike | null = null;
  #hasOpened = false;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #pingCount = 0;

  constructor(options: SignalingClientOptions) {
    this.#url = options.url;
    const ctor = options.WebSocket ?? (typeof WebSocket === 'function' ? WebSocket : undefined);
    if (ctor === undefined) throw new TypeError('No WebSocket implementation: pass options.WebSocket');
    this.#WebSocket = ctor;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#heartbeat = options.heartbeat ?? DEFAULT_HEARTBEAT;
    this.#random = options.random ?? Math.random;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  on<K extends keyof SignalingClientEvents>(
    name: K,
    listener: (payload: SignalingClientEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Opens the connection; later drops reconnect on their own until `close()`. */
  connect(): void {
    if (this.#isClosed) throw new TypeError('SignalingClient is closed; create a new one');
    if (this.#socket !== null || this.#reconnectTimer !== undefined) return;
    this.#setState('connecting');
    this.#openSocket();
  }

  /** Sends a message; returns false (and sends nothing) when the socket is not open. */
  send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== OPEN || this.#state !== 'open') return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good: no more reconnects, no more events. Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#dropSocket();
    this.#setState('closed');
    this.#events.clear();
  }

  #openSocket(): void {
    const socket = new this.#WebSocket(this.#url);
    this.#socket = socket;
    // Every handler checks that its socket is still the current one: a dropped socket may still
    // deliver late events, which must not touch the state of its successor.
    socket.addEventListener('open', () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      const isReconnect = this.#hasOpened;
      this.#hasOpened = true;
      this.#startHeartbeat(socket);
      this.#setState('open');
      this.#events.emit('opened', { isReconnect });
    });
    socket.addEventListener('message', (event) => {
      if (this.#socket !== socket) return;
      this.#handleData(event.data);
    });
    // 'error' is always followed by 'close' in both the browser and ws; reconnect happens there.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socketLost();
    });
  }

  #handleData(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn('signaling: dropped a binary message');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('signaling: dropped a message that is not JSON');
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) {
      console.warn('signaling: dropped a message that does not follow the protocol', parsed.error.issues);
      return;
    }
    if (parsed.data.type === 'pong') {
      clearTimeout(this.#pongTimer);
      this.#pongTimer = undefined;
      return;
    }
    this.#events.emit('message', parsed.data);
  }

  #startHeartbeat(socket: WebSocketLike): void {
    this.#pingTimer = setInterval(() => {
      if (this.#socket !== socket) return;
      this.#pingCount += 1;
      this.send({ type: 'ping', id: `hb-${this.#pingCount}` });
      if (this.#pongTimer === undefined) {
        this.#pongTimer = setTimeout(() => {
          this.#pongTimer = undefined;
          if (this.#socket !== socket) return;
          console.warn('signaling: no pong within the heartbeat timeout; reconnecting');
          this.#socketLost();
        }, this.#heartbeat.timeoutMs);
      }
    }, this.#heartbeat.intervalMs);
  }

  #socketLost(): void {
    this.#dropSocket();
    if (this.#isClosed) return;
    this.#setState('reconnecting');
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random);
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (!this.#isClosed) this.#openSocket();
    }, delay);
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  #dropSocket(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pingTimer = undefined;
    this.#pongTimer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    if (socket === null) return;
    try {
      socket.close();
    } catch {
      // Closing a socket that is still connecting throws in some browsers; it is gone either way.
    }
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#events.emit('stateChanged', state);
  }
}
