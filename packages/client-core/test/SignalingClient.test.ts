import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '@samtale/protocol';
import { SignalingClient, type ConnectionState, type SignalingClientEvents } from '../src/signaling/SignalingClient.ts';
import { countingWebSocket } from './helpers/counting-websocket.ts';
import { ScriptedServer } from './helpers/ScriptedServer.ts';

function nextEvent<K extends keyof SignalingClientEvents>(
  client: SignalingClient,
  name: K,
  predicate: (payload: SignalingClientEvents[K]) => boolean = () => true,
): Promise<SignalingClientEvents[K]> {
  return new Promise((resolve) => {
    const stop = client.on(name, (payload) => {
      if (!predicate(payload)) return;
      stop();
      resolve(payload);
    });
  });
}

const stateIs = (wanted: ConnectionState) => (s: ConnectionState) => s === wanted;

describe('SignalingClient', () => {
  let server: ScriptedServer;
  let client: SignalingClient;
  let sockets: ReturnType<typeof countingWebSocket>;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    server = await ScriptedServer.start();
    sockets = countingWebSocket();
    client = new SignalingClient({ url: server.url, WebSocket: sockets.WebSocket, random: () => 1 });
  });

  afterEach(async () => {
    client.close();
    vi.useRealTimers();
    await server.close();
  });

  async function connectOnce(): Promise<Awaited<ReturnType<ScriptedServer['nextConnection']>>> {
    const opened = nextEvent(client, 'opened');
    client.connect();
    const connection = await server.nextConnection();
    expect(await opened).toEqual({ isReconnect: false });
    return connection;
  }

  /** Waits until the client has seen the close of its newest socket (a refused attempt). */
  async function attemptRefused(): Promise<void> {
    const socket = sockets.created.at(-1);
    if (socket === undefined) throw new Error('no socket was created');
    if (socket.readyState !== socket.CLOSED) await new Promise((resolve) => socket.once('close', resolve));
  }

  it('reconnects after the server drops the socket, waiting 0.5 s, then 1 s, then 2 s while refused', async () => {
    const first = await connectOnce();
    server.isAccepting = false;
    const reconnecting = nextEvent(client, 'stateChanged', stateIs('reconnecting'));
    first.drop();
    await reconnecting;

    vi.advanceTimersByTime(499);
    expect(sockets.created).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets.created).toHaveLength(2);
    await attemptRefused();

    vi.advanceTimersByTime(999);
    expect(sockets.created).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.created).toHaveLength(3);
    await attemptRefused();

    server.isAccepting = true;
    const reopened = nextEvent(client, 'opened');
    vi.advanceTimersByTime(1999);
    expect(sockets.created).toHaveLength(3);
    vi.advanceTimersByTime(1);
    const second = await server.nextConnection();
    expect(await reopened).toEqual({ isReconnect: true });
    expect(client.state).toBe('open');

    const received = nextEvent(client, 'message');
    second.send({ type: 'hostMessage', text: 'Back again', sentAt: new Date().toISOString() });
    expect(await received).toMatchObject({ type: 'hostMessage', text: 'Back again' });
  });

  it('drops server messages that are not JSON or break the schema, and keeps the connection', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const connection = await connectOnce();
    const messages: ServerMessage[] = [];
    client.on('message', (m) => messages.push(m));
    const valid = nextEvent(client, 'message');

    connection.sendRaw('this is not json');
    connection.sendRaw(JSON.stringify({ type: 'welcome', participantId: 'not-a-uuid' }));
    connection.sendRaw(JSON.stringify({ type: 'noSuchMessage' }));
    connection.send({ type: 'hostMessage', text: 'I am running late', sentAt: new Date().toISOString() });

    expect(await valid).toMatchObject({ type: 'hostMessage', text: 'I am running late' });
    expect(messages).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(client.state).toBe('open');
    expect(sockets.created).toHaveLength(1);
    warn.mockRestore();
  });

  it('treats a socket that does not answer a ping within 10 s as dead and reconnects', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const silent = await connectOnce();

    vi.advanceTimersByTime(15_000);
    await silent.next('ping');
    vi.advanceTimersByTime(9_999);
    expect(client.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(client.state).toBe('reconnecting');

    const reopened = nextEvent(client, 'opened');
    vi.advanceTimersByTime(500);
    await server.nextConnection();
    expect(await reopened).toEqual({ isReconnect: true });
    warn.mockRestore();
  });

  it('keeps a socket that answers its pings', async () => {
    const connection = await connectOnce();

    for (let round = 0; round < 3; round += 1) {
      vi.advanceTimersByTime(15_000);
      const ping = await connection.next('ping');
      const processed = nextEvent(client, 'message');
      connection.send({ type: 'pong', id: ping.id });
      // A message sent after the pong arrives after it: once seen, the pong was handled.
      connection.send({ type: 'hostMessage', text: 'marker', sentAt: new Date().toISOString() });
      await processed;
    }
    vi.advanceTimersByTime(10_000);
    expect(client.state).toBe('open');
    expect(sockets.created).toHaveLength(1);
  });

  it('stops reconnecting once closed, refuses to send, and tolerates a second close', async () => {
    const connection = await connectOnce();
    expect(client.send({ type: 'ping' })).toBe(true);
    const states: ConnectionState[] = [];
    client.on('stateChanged', (s) => states.push(s));

    client.close();
    client.close();
    await connection.closed();
    vi.advanceTimersByTime(60_000);

    expect(states).toEqual(['closed']);
    expect(client.send({ type: 'ping' })).toBe(false);
    expect(sockets.created).toHaveLength(1);
  });
});
