/**
 * What one socket may cost the server (issue 7, "anonymous WebSocket memory"): a flood over the
 * rate limit, a client that never reads its replies, a socket that never joins, many sockets
 * from one address, and a frame over the hard limit. Asserted on counts and byte figures the
 * server reports, not on timing.
 */
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PROTOCOL_VERSION, type ServerMessage } from '@samtale/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type OpenedStorage } from './helpers/storage-backends.ts';
import type { Storage } from '../src/storage/types.ts';
import {
  joinAsHostMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  testConfig,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';
import { TestClient } from './helpers/TestClient.ts';
import { startTestApp } from './helpers/test-app.ts';

// A full collection on demand, without restarting the test worker with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Log lines as they arrive, and the first that matches. */
class LogCapture {
  readonly lines: string[] = [];
  readonly #waiters: { isWanted: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  constructor() {
    const push = this.lines.push.bind(this.lines);
    this.lines.push = (...lines: string[]): number => {
      for (const line of lines) {
        const parsed = JSON.parse(line) as LogLine;
        for (const w of this.#waiters.filter((x) => x.isWanted(parsed))) w.resolve(parsed);
      }
      return push(...lines);
    };
  }

  parsed(): LogLine[] {
    return this.lines.map((l) => JSON.parse(l) as LogLine);
  }

  next(isWanted: (l: LogLine) => boolean): Promise<LogLine> {
    const seen = this.parsed().find(isWanted);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ isWanted, resolve }));
  }
}

/** The server's end of the next upgraded TCP connection. */
function nextServerSocket(server: SignalingServer): Promise<Socket> {
  return new Promise((resolve) => server.app.server.once('upgrade', (_request, socket: Socket) => resolve(socket)));
}

/** The same, held only weakly (so that a test can see it collected), with its close. */
function nextServerSocketWeakly(server: SignalingServer): Promise<{ socket: WeakRef<Socket>; closed: Promise<void> }> {
  return new Promise((resolve) =>
    server.app.server.once('upgrade', (_request, socket: Socket) => {
      const closed = new Promise<void>((done) => socket.once('close', () => done()));
      resolve({ socket: new WeakRef(socket), closed });
    }),
  );
}

/**
 * Sends `messages` and resolves once the server has read every byte of them: `ws` parses what
 * it reads in the same turn, so each has then passed the rate limit or been refused by it.
 */
async function sendAllRead(client: TestClient, serverSide: Socket, messages: object[]): Promise<void> {
  const start = serverSide.bytesRead;
  let bytes = 0;
  for (const m of messages) {
    const length = Buffer.byteLength(JSON.stringify(m));
    // A masked client frame: 2 header bytes (+2 for 126..65535 bytes), 4 mask bytes, the payload.
    bytes += length + (length < 126 ? 6 : 8);
    client.send(m);
  }
  while (serverSide.bytesRead - start < bytes) await new Promise((resolve) => setImmediate(resolve));
}

/** A `ws` client that reads nothing until told to. */
function openPaused(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Opens a `ws` client with extra upgrade headers; rejects when the upgrade is refused. */
function openWithHeaders(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function isRateLimited(m: ServerMessage): boolean {
  return m.type === 'error' && m.code === 'RATE_LIMITED';
}

describe('what one signaling socket may cost', () => {
  let opened: OpenedStorage;
  let storage: Storage;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await pgliteBackend.open();
    storage = opened.storage;
    clinic = await seedClinic(storage);
  });

  afterAll(async () => {
    await opened.dispose();
  });

  it('answers a flood over the rate limit with one RATE_LIMITED per window, not one per message', async () => {
    let now = 0;
    const server = await startSignaling(storage, { rateLimit: { ratePerSecond: 20, burst: 5, now: () => now } });
    try {
      const serverSide = nextServerSocket(server);
      const client = await server.connect();
      const tcp = await serverSide;
      const pings = (prefix: string) => Array.from({ length: 1000 }, (_, i) => ({ type: 'ping', id: `${prefix}${i}` }));
      await sendAllRead(client, tcp, pings('p'));
      // A second later the bucket holds tokens again and a new notice window has begun.
      now += 1000;
      await client.barrier();
      expect(client.types().filter((t) => t === 'pong').length).toBe(5 + 1);
      expect(client.received.filter(isRateLimited).length).toBe(1);

      await sendAllRead(client, tcp, pings('q'));
      now += 1000;
      await client.barrier();
      // 4 tokens were left after the barrier: 4 pongs, one notice, the barrier's pong.
      expect(client.received.filter(isRateLimited).length).toBe(2);
      expect(client.received.length).toBe(5 + 1 + 1 + (4 + 1 + 1));
    } finally {
      await server.close();
    }
  });

  it('closes a socket that does not read its replies with 4002 once its send buffer is full, and keeps nothing of it', async () => {
    const logs = new LogCapture();
    const sendBufferBytes = 64 * 1024;
    const server = await startSignaling(
      storage,
      // The client reads only after the bound tripped: on a loaded machine that can take longer
      // than the default 2 s before the server drops a socket whose close went unanswered.
      { rateLimit: { ratePerSecond: 1e6, burst: 1e6 }, sendBufferBytes, faultCloseGraceMs: 60_000 },
      { logs: logs.lines },
    );
    try {
      const serverSide = nextServerSocketWeakly(server);
      const client = await openPaused(server.url);
      const { socket, closed } = await serverSide;
      // Each 1-byte frame is answered with MESSAGE_MALFORMED (~90 bytes). How much the kernel's
      // socket buffers hold for a reader that reads nothing depends on TCP autotuning (several MB
      // on loopback), so frames go out in batches until the server reports the bound.
      const isFull = logs.next((l) => l.msg === 'signaling client does not read its messages; closing');
      let hasFilled = false;
      void isFull.then(() => (hasFilled = true));
      let frames = 0;
      while (!hasFilled && frames < 2_000_000) {
        for (let i = 0; i < 20_000; i += 1) client.send('x');
        frames += 20_000;
        // Lets the server read the batch before the next (pacing only; the anchor is the log line).
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const full = await isFull;
      expect(full.level).toBe(40);
      // Past the bound by at most the last reply sent before it (and its frame header).
      expect(full.bufferedBytes).toBeGreaterThan(sendBufferBytes);
      expect(full.bufferedBytes).toBeLessThanOrEqual(sendBufferBytes + 256);

      let received = 0;
      client.on('message', () => (received += 1));
      const code = new Promise<number>((resolve) => client.once('close', (c) => resolve(c)));
      client.resume();
      expect(await code).toBe(4002);
      // What the server had queued was delivered, and nothing after the bound.
      expect(received).toBeGreaterThan(0);
      expect(received).toBeLessThan(frames);
      await closed;

      // Nothing holds the socket (its Connection, its buffers) once it has closed.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      expect(socket.deref()).toBeUndefined();
      expect(logs.parsed().filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 90_000);

  it('still sends a message larger than the send buffer bound when nothing else waits', async () => {
    const server = await startSignaling(storage, { sendBufferBytes: 64 });
    try {
      await newConsultation(storage, clinic);
      const dashboard = await server.connect(clinic.clinician.cookie);
      dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
      const view = await dashboard.next('dashboard');
      expect(JSON.stringify(view).length).toBeGreaterThan(64);
      await dashboard.barrier();
    } finally {
      await server.close();
    }
  });

  it('closes a socket that neither joins nor watches a dashboard with 4003 at the join deadline', async () => {
    const server = await startSignaling(storage, { joinDeadlineMs: 500 });
    try {
      const { consultation } = await newConsultation(storage, clinic);
      const host = await server.connect(clinic.clinician.cookie);
      host.send(joinAsHostMessage(consultation.id));
      await host.next('welcome');
      const dashboard = await server.connect(clinic.clinician.cookie);
      dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
      await dashboard.next('dashboard');
      // Pings do not count as joining.
      const idle = await server.connect();
      await idle.barrier();
      expect((await idle.closed).code).toBe(4003);
      // Opened before the idle socket, so their deadlines have passed too: they stay open.
      await host.barrier();
      await dashboard.barrier();
      expect([host.isOpen, dashboard.isOpen]).toEqual([true, true]);
    } finally {
      await server.close();
    }
  });

  it('refuses more sockets from one address than the cap with 429, and takes one again once a socket has closed', async () => {
    const server = await startSignaling(storage, {
      config: testConfig({ SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '2' }),
    });
    try {
      const firstSide = nextServerSocketWeakly(server);
      const first = await server.connect();
      const { closed } = await firstSide;
      const second = await server.connect();
      await expect(TestClient.open(server.url)).rejects.toThrow('Unexpected server response: 429');
      await first.close();
      await closed;
      const third = await server.connect();
      await third.barrier();
      await second.barrier();
    } finally {
      await server.close();
    }
  });

  it('counts the client behind a proxy named in TRUST_PROXY by its forwarded address, not the proxy', async () => {
    const t = await startTestApp(storage, { TRUST_PROXY: '127.0.0.1', SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new TypeError('not listening on TCP');
    const url = `ws://127.0.0.1:${address.port}/ws`;
    const opened: WebSocket[] = [];
    try {
      opened.push(await openWithHeaders(url, { 'x-forwarded-for': '192.0.2.1' }));
      opened.push(await openWithHeaders(url, { 'x-forwarded-for': '192.0.2.2' }));
      await expect(openWithHeaders(url, { 'x-forwarded-for': '192.0.2.1' })).rejects.toThrow(
        'Unexpected server response: 429',
      );
    } finally {
      for (const socket of opened) socket.close();
      await t.close();
    }
  });

  it('logs a frame over the hard limit as a warning, closes that socket with 1009 and serves the others', async () => {
    const logs = new LogCapture();
    const server = await startSignaling(storage, {}, { logs: logs.lines });
    try {
      const other = await server.connect();
      const client = await server.connect();
      client.sendRaw('x'.repeat(256 * 1024 + 1));
      expect((await client.closed).code).toBe(1009);
      const warning = await logs.next((l) => l.msg === 'signaling socket error');
      expect(warning).toMatchObject({ level: 40, errorCode: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' });
      await other.barrier();
      const again = await server.connect();
      await again.barrier();
      expect(logs.parsed().filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
