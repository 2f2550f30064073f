/** Test support: a real `ws` client that records every server message and waits for the next one. */
import WebSocket from 'ws';
import { ServerMessage, type ServerMessageOf, type ServerMessageType } from '@samtale/protocol';

const WAIT_MS = 5_000;

export class TestClient {
  /** Every message received, validated against the protocol. */
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number }>;
  readonly #socket: WebSocket;
  #cursor = 0;
  #wake: (() => void) | undefined;
  #pings = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve({ code })));
    socket.on('message', (data: Buffer) => {
      this.received.push(ServerMessage.parse(JSON.parse(data.toString('utf8'))));
      this.#wake?.();
    });
  }

  /** Opens a socket; `origin`: the page's origin a browser would send (none by default, like a non-browser client). */
  static open(url: string, cookie?: string, origin?: string): Promise<TestClient> {
    const headers: Record<string, string> = {};
    if (cookie !== undefined) headers.cookie = cookie;
    if (origin !== undefined) headers.origin = origin;
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  send(message: object): void {
    this.#socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.#socket.send(data, { binary: options.binary ?? false });
  }

  /** The next message of `type` after the previous `next`, waiting for it if needed. */
  next<T extends ServerMessageType>(
    type: T,
    isWanted: (m: ServerMessageOf<T>) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<ServerMessageOf<T>> {
    return this.nextWhere(
      (m): m is ServerMessageOf<T> => m.type === type && isWanted(m as ServerMessageOf<T>),
      `${type}`,
      timeoutMs,
    );
  }

  /** The next message (after the previous `next`) that satisfies `isWanted`. */
  async nextWhere<M extends ServerMessage>(
    isWanted: (m: ServerMessage) => m is M,
    what = 'message',
    timeoutMs = WAIT_MS,
  ): Promise<M> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((m, i) => i >= this.#cursor && isWanted(m));
      if (index !== -1) {
        this.#cursor = index + 1;
        return this.received[index] as M;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const rest = this.received.slice(this.#cursor).map((m) => m.type);
        throw new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(rest)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Sends a message with an id and returns the error that answers it. */
  async expectError(message: Record<string, unknown>): Promise<ServerMessageOf<'error'>> {
    this.send(message);
    return this.next('error');
  }

  /** Round trip: everything the server sent this client before now has arrived. */
  async barrier(): Promise<void> {
    this.#pings += 1;
    const id = `barrier-${this.#pings}`;
    this.send({ type: 'ping', id });
    for (;;) {
      const pong = await this.next('pong');
      if (pong.id === id) return;
    }
  }

  /** Types received so far. */
  types(): string[] {
    return this.received.map((m) => m.type);
  }

  close(): Promise<{ code: number }> {
    this.#socket.close();
    return this.closed;
  }
}
