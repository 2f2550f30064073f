import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage } from '@samtale/protocol';
import type { ServerMessage } from '@samtale/protocol';

/** One accepted socket as the test sees it: what the client sent, and a way to answer. */
export class ServerConnection {
  readonly received: ClientMessage[] = [];
  readonly #waiters: Array<{ type: string; resolve: (m: ClientMessage) => void }> = [];
  readonly #closed: Promise<void>;

  constructor(readonly socket: WebSocket) {
    this.#closed = once(socket, 'close').then(() => undefined);
    socket.on('message', (raw: Buffer) => {
      const message = ClientMessage.parse(JSON.parse(raw.toString()));
      this.received.push(message);
      const index = this.#waiters.findIndex((w) => w.type === message.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(message);
    });
  }

  /** Resolves with the first message of `type` the client sends (or has already sent). */
  next<T extends ClientMessage['type']>(type: T): Promise<Extract<ClientMessage, { type: T }>> {
    const seen = this.received.find((m) => m.type === type);
    if (seen !== undefined) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen as Extract<ClientMessage, { type: T }>);
    }
    return new Promise((resolve) => {
      this.#waiters.push({
        type,
        resolve: (m) => {
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m as Extract<ClientMessage, { type: T }>);
        },
      });
    });
  }

  send(message: ServerMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Drops the TCP connection without a close handshake, like a crashed server or lost network. */
  drop(): void {
    this.socket.terminate();
  }

  closed(): Promise<void> {
    return this.#closed;
  }
}

/** A real `ws` server on an ephemeral port that hands each accepted socket to the test. */
export class ScriptedServer {
  /** When false, upgrade requests are refused (the server is "down" but the port answers). */
  isAccepting = true;
  readonly #wss: WebSocketServer;
  readonly #pending: ServerConnection[] = [];
  readonly #waiters: Array<(c: ServerConnection) => void> = [];

  private constructor(wss: WebSocketServer) {
    this.#wss = wss;
    wss.on('connection', (socket) => {
      const connection = new ServerConnection(socket);
      const waiter = this.#waiters.shift();
      if (waiter !== undefined) waiter(connection);
      else this.#pending.push(connection);
    });
  }

  static async start(): Promise<ScriptedServer> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (_info, callback) => callback(server.isAccepting, 503),
    });
    const server = new ScriptedServer(wss);
    await once(wss, 'listening');
    return server;
  }

  get url(): string {
    const { port } = this.#wss.address() as AddressInfo;
    return `ws://127.0.0.1:${port}/ws`;
  }

  /** Resolves with the next accepted connection. */
  nextConnection(): Promise<ServerConnection> {
    const pending = this.#pending.shift();
    if (pending !== undefined) return Promise.resolve(pending);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
