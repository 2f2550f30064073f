import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type JoinAs, type SignalData } from '@samtale/protocol';
import { CallSession } from '../src/session/CallSession.ts';
import type { CallSessionEvents, SessionPhase } from '../src/session/types.ts';
import { memoryStorage } from '../src/session/resume-token-store.ts';
import { countingWebSocket } from './helpers/counting-websocket.ts';
import { admitted, now, participant, roster, welcome } from './helpers/messages.ts';
import { recordingCalls } from './helpers/recording-calls.ts';
import { ScriptedServer, type ServerConnection } from './helpers/ScriptedServer.ts';

const invitationToken = 'k3Jd9sPq0aZx7Lm2Vb8nQw';
const joinAsPatient: JoinAs = { kind: 'invitation', invitationToken, displayName: 'Kari Nordmann', hasConsented: true };
const tokenKey = `samtale.resumeToken.link.${invitationToken}`;
const offer: SignalData = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };

function nextEvent<K extends keyof CallSessionEvents>(
  session: CallSession,
  name: K,
  predicate: (payload: CallSessionEvents[K]) => boolean = () => true,
): Promise<CallSessionEvents[K]> {
  return new Promise((resolve) => {
    const stop = session.on(name, (payload) => {
      if (!predicate(payload)) return;
      stop();
      resolve(payload);
    });
  });
}

const phaseIs = (phase: SessionPhase) => (change: { phase: SessionPhase }) => change.phase === phase;

describe('CallSession', () => {
  let server: ScriptedServer;
  let storage: ReturnType<typeof memoryStorage>;
  let calls: ReturnType<typeof recordingCalls>;
  let sockets: ReturnType<typeof countingWebSocket>;
  let session: CallSession;
  let phases: SessionPhase[];
  const patientId = randomUUID();
  const hostId = randomUUID();
  const relativeId = randomUUID();

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    server = await ScriptedServer.start();
    storage = memoryStorage();
    calls = recordingCalls();
    sockets = countingWebSocket();
    session = createSession();
    phases = [];
    session.on('phaseChanged', ({ phase }) => phases.push(phase));
  });

  afterEach(async () => {
    session.close();
    vi.useRealTimers();
    await server.close();
  });

  function createSession(join: JoinAs = joinAsPatient): CallSession {
    return new CallSession({
      url: server.url,
      join,
      localMedia: null,
      resumeTokenStore: storage,
      WebSocket: sockets.WebSocket,
      createCall: calls.create,
    });
  }

  /** Starts the session and plays a server that puts the patient in the waiting room. */
  async function joinAndWait(): Promise<ServerConnection> {
    session.start();
    const connection = await server.nextConnection();
    await connection.next('join');
    const waiting = nextEvent(session, 'phaseChanged', phaseIs('waiting'));
    connection.send(welcome(patientId, 'resume-token-number-1'));
    connection.send({ type: 'waiting', since: now() });
    await waiting;
    return connection;
  }

  async function admit(connection: ServerConnection, others = [participant(hostId, { role: 'host' })]): Promise<void> {
    const rosterSeen = nextEvent(session, 'rosterChanged');
    connection.send(admitted);
    connection.send(roster([participant(patientId), ...others]));
    await rosterSeen;
  }

  /** Replaces the patient's session by a host's, in the call (hosts are admitted at once). */
  async function startAsHost(): Promise<{ host: CallSession; connection: ServerConnection }> {
    const host = createSession({ kind: 'host', consultationId: randomUUID() });
    session.close();
    session = host;
    host.start();
    const connection = await server.nextConnection();
    await connection.next('join');
    const inCall = nextEvent(host, 'phaseChanged', phaseIs('admitted'));
    connection.send(welcome(hostId, 'host-resume-token-1', { role: 'host', state: 'admitted' }));
    connection.send(admitted);
    await inCall;
    return { host, connection };
  }

  /** Drops the socket and lets the backoff run out; resolves with the new server connection. */
  async function dropAndReconnect(connection: ServerConnection): Promise<ServerConnection> {
    const reconnecting = nextEvent(session, 'connectionStateChanged', (s) => s === 'reconnecting');
    connection.drop();
    await reconnecting;
    vi.advanceTimersByTime(500);
    return server.nextConnection();
  }

  it('joins through the link with the protocol version and waits without any call or roster', async () => {
    session.start();
    const connection = await server.nextConnection();
    const join = await connection.next('join');
    expect(join).toMatchObject({ protocolVersion: PROTOCOL_VERSION, as: joinAsPatient });

    const waiting = nextEvent(session, 'phaseChanged', phaseIs('waiting'));
    const since = now();
    connection.send(welcome(patientId, 'resume-token-number-1'));
    connection.send({ type: 'waiting', since });
    await waiting;

    expect(session.participantId).toBe(patientId);
    expect(session.role).toBe('patient');
    expect(session.waitingSince).toBe(since);
    expect(session.call).toBeNull();
    expect(session.participants).toEqual([]);
    expect(storage.getItem(tokenKey)).toBe('resume-token-number-1');
  });

  it('in a browser that cannot encrypt, fails with E2EE_UNSUPPORTED and never connects or sends join', () => {
    const refused = new CallSession({
      url: server.url,
      join: joinAsPatient,
      localMedia: null,
      resumeTokenStore: storage,
      WebSocket: sockets.WebSocket,
      createCall: calls.create,
      e2ee: {},
      canEncrypt: () => false,
    });
    const changes: { phase: SessionPhase; code?: string }[] = [];
    refused.on('phaseChanged', (change) =>
      changes.push({ phase: change.phase, ...(change.error ? { code: change.error.code } : {}) }),
    );
    refused.start();
    expect(changes).toEqual([{ phase: 'failed', code: 'E2EE_UNSUPPORTED' }]);
    expect(refused.phase).toBe('failed');
    expect(sockets.created).toHaveLength(0);
    refused.close();
  });

  it('shows a message from the host to the waiting patient', async () => {
    const connection = await joinAndWait();
    const message = nextEvent(session, 'hostMessage');
    connection.send({ type: 'hostMessage', text: 'I am running ten minutes late', sentAt: now() });
    expect(await message).toMatchObject({ text: 'I am running ten minutes late' });
  });

  it('on admission starts a call with the ICE servers, connects it to the host and announces its media state', async () => {
    const connection = await joinAndWait();
    await admit(connection);

    expect(session.phase).toBe('admitted');
    expect(calls.mesh).toHaveLength(1);
    const call = calls.mesh[0];
    expect(call?.options).toMatchObject({ selfId: patientId, iceServers: admitted.iceServers, localMedia: null });
    expect(call?.peerSets).toEqual([[hostId]]);
    expect(await connection.next('mediaState')).toMatchObject({ isAudioOn: false, isVideoOn: false });
  });

  it('relays signals both ways between the call and the other participant', async () => {
    const connection = await joinAndWait();
    await admit(connection);
    const call = calls.mesh[0];

    call?.options.sendSignal(hostId, offer);
    expect(await connection.next('signal')).toMatchObject({ to: hostId, data: offer });

    const marker = nextEvent(session, 'hostMessage');
    connection.send({ type: 'signal', from: hostId, data: offer });
    connection.send({ type: 'hostMessage', text: 'marker', sentAt: now() });
    await marker;
    expect(call?.signals).toEqual([{ from: hostId, data: offer }]);
  });

  it('connects to a newcomer and closes the connection to someone who left, from the roster', async () => {
    const connection = await joinAndWait();
    await admit(connection);
    const call = calls.mesh[0];

    let updated = nextEvent(session, 'rosterChanged');
    connection.send(roster([participant(patientId), participant(hostId), participant(relativeId)]));
    await updated;
    updated = nextEvent(session, 'rosterChanged');
    connection.send(roster([participant(patientId), participant(relativeId)]));
    await updated;

    expect(call?.peerSets).toEqual([[hostId], [hostId, relativeId], [relativeId]]);
  });

  it('resumes after a dropped socket as the same participant, keeps the call, and re-syncs it from the roster', async () => {
    const first = await joinAndWait();
    await admit(first, [participant(hostId), participant(relativeId)]);
    const call = calls.mesh[0];

    const second = await dropAndReconnect(first);
    // While signaling is away the call keeps going and its signals are kept for later.
    call?.options.sendSignal(hostId, offer);
    call?.options.sendSignal(relativeId, offer);
    const resume = await second.next('resume');
    expect(resume).toMatchObject({ protocolVersion: PROTOCOL_VERSION, resumeToken: 'resume-token-number-1' });
    expect(second.received.some((m) => m.type === 'join')).toBe(false);

    const resynced = nextEvent(session, 'rosterChanged');
    second.send(welcome(patientId, 'resume-token-number-2', { state: 'admitted' }));
    second.send(admitted);
    // The relative left while we were away: their queued signal is dropped.
    second.send(roster([participant(patientId), participant(hostId)]));
    await resynced;

    expect(calls.mesh).toHaveLength(1);
    expect(call?.isClosed).toBe(false);
    expect(call?.resyncCount).toBe(1);
    expect(call?.peerSets.at(-1)).toEqual([hostId]);
    expect(phases).toEqual(['waiting', 'admitted']);
    expect(storage.getItem(tokenKey)).toBe('resume-token-number-2');
    expect(await second.next('signal')).toMatchObject({ to: hostId, data: offer });
    const marker = nextEvent(session, 'hostMessage');
    second.send({ type: 'hostMessage', text: 'marker', sentAt: now() });
    await marker;
    expect(second.received.filter((m) => m.type === 'signal')).toEqual([]);
  });

  it('resumes with a token kept from an earlier page load instead of joining again', async () => {
    storage.setItem(tokenKey, 'token-from-before-the-reload');
    session.start();
    const connection = await server.nextConnection();
    expect(await connection.next('resume')).toMatchObject({ resumeToken: 'token-from-before-the-reload' });
  });

  it('joins afresh when a token from an earlier page load is no longer valid', async () => {
    storage.setItem(tokenKey, 'token-from-before-the-reload');
    session.start();
    const connection = await server.nextConnection();
    const resume = await connection.next('resume');
    connection.send({ type: 'error', code: 'RESUME_INVALID', message: 'no', ...(resume.id ? { ref: resume.id } : {}) });
    expect(await connection.next('join')).toMatchObject({ as: joinAsPatient });
    expect(storage.getItem(tokenKey)).toBeNull();
    expect(session.phase).toBe('connecting');
  });

  it('fails when a resume is refused after this page had joined', async () => {
    const first = await joinAndWait();
    const second = await dropAndReconnect(first);
    await second.next('resume');
    const failed = nextEvent(session, 'phaseChanged', phaseIs('failed'));
    second.send({ type: 'error', code: 'RESUME_INVALID', message: 'The session could not be resumed.', isFatal: true });
    expect(await failed).toEqual({
      phase: 'failed',
      error: { code: 'RESUME_INVALID', message: 'The session could not be resumed.' },
    });
    expect(session.connectionState).toBe('closed');
  });

  it('goes back to the waiting room without media when the host sends the patient back, and gets a new call on re-admission', async () => {
    const connection = await joinAndWait();
    await admit(connection);
    const first = calls.mesh[0];

    const streams = nextEvent(session, 'remoteStreamsChanged');
    const waiting = nextEvent(session, 'phaseChanged', phaseIs('waiting'));
    connection.send({ type: 'returnedToWaiting' });
    await waiting;
    expect((await streams).size).toBe(0);
    expect(first?.isClosed).toBe(true);
    expect(session.call).toBeNull();

    // Signals that still arrive for the old call are ignored.
    connection.send({ type: 'signal', from: hostId, data: offer });
    await admit(connection);
    expect(calls.mesh).toHaveLength(2);
    expect(first?.signals).toEqual([]);
    expect(phases).toEqual(['waiting', 'admitted', 'waiting', 'admitted']);
  });

  it.each([
    [{ type: 'declined', reason: 'Wrong time, please call the clinic' } as const, 'declined'],
    [{ type: 'removed' } as const, 'removed'],
    [{ type: 'ended', endedAt: new Date().toISOString() } as const, 'ended'],
    [{ type: 'superseded' } as const, 'superseded'],
  ] as const)('on %o closes the call, forgets the resume token and stops reconnecting', async (message, phase) => {
    const connection = await joinAndWait();
    await admit(connection);
    const done = nextEvent(session, 'phaseChanged', phaseIs(phase));
    connection.send(message);
    const change = await done;

    if (message.type === 'declined') expect(change.reason).toBe(message.reason);
    expect(calls.mesh[0]?.isClosed).toBe(true);
    expect(storage.getItem(tokenKey)).toBeNull();
    expect(session.connectionState).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets.created).toHaveLength(1);
  });

  it('fails with the reason when the link has expired', async () => {
    session.start();
    const connection = await server.nextConnection();
    const join = await connection.next('join');
    const failed = nextEvent(session, 'phaseChanged', phaseIs('failed'));
    connection.send({
      type: 'error',
      code: 'INVITATION_EXPIRED',
      message: 'This link has expired.',
      ...(join.id ? { ref: join.id } : {}),
    });
    expect((await failed).error?.code).toBe('INVITATION_EXPIRED');
  });

  it('as host, has the call prepare for the people waiting', async () => {
    const { host, connection } = await startAsHost();
    const rosterSeen = nextEvent(host, 'rosterChanged');
    connection.send(
      roster([
        participant(hostId, { role: 'host' }),
        participant(patientId, { state: 'waiting' }),
        participant(relativeId),
      ]),
    );
    await rosterSeen;
    const call = calls.mesh.at(-1);
    expect(call?.peerSets.at(-1)).toEqual([relativeId]);
    expect(call?.prepared.at(-1)).toEqual([patientId]);
    expect(call?.options.isHost?.(hostId)).toBe(true);
    expect(call?.options.isHost?.(patientId)).toBe(false);
  });

  it('hands fresh ICE servers (a refresh, or admitted again after a resume) to the running call', async () => {
    const connection = await joinAndWait();
    await admit(connection);
    const call = calls.mesh.at(-1);
    const fresh = [{ urls: 'turn:turn.example.org:3478', username: '1900000000:p', credential: 'c2' }];
    connection.send({ type: 'iceServers', iceServers: fresh });
    await vi.waitFor(() => expect(call?.iceServerSets).toEqual([fresh]));
    connection.send({ ...admitted, iceServers: [{ urls: 'stun:other.example.org' }] });
    await vi.waitFor(() => expect(call?.iceServerSets).toHaveLength(2));
    expect(calls.mesh).toHaveLength(1);
  });

  it('as patient, prepares nothing (only hosts see who waits)', async () => {
    const connection = await joinAndWait();
    await admit(connection, [participant(hostId, { role: 'host' }), participant(relativeId)]);
    expect(calls.mesh.at(-1)?.peerSets.at(-1)).toEqual([hostId, relativeId]);
    expect(calls.mesh.at(-1)?.prepared).toEqual([]);
  });

  it('reports a refused host action as an error and stays in the call', async () => {
    const { host, connection } = await startAsHost();

    expect(host.admit(relativeId)).toBe(true);
    expect(await connection.next('admit')).toMatchObject({ participantId: relativeId });
    const error = nextEvent(host, 'error');
    connection.send({ type: 'error', code: 'ROOM_FULL', message: 'The call is full.' });
    expect(await error).toEqual({ code: 'ROOM_FULL', message: 'The call is full.' });
    expect(host.phase).toBe('admitted');

    expect(host.decline(relativeId, 'Not today')).toBe(true);
    expect(await connection.next('decline')).toMatchObject({ participantId: relativeId, reason: 'Not today' });
    expect(host.messageWaiting(relativeId, 'Two minutes')).toBe(true);
    expect(await connection.next('messageWaiting')).toMatchObject({ participantId: relativeId, text: 'Two minutes' });
    expect(host.returnToWaiting(relativeId)).toBe(true);
    expect(await connection.next('returnToWaiting')).toMatchObject({ participantId: relativeId });
    expect(host.remove(relativeId)).toBe(true);
    expect(await connection.next('remove')).toMatchObject({ participantId: relativeId });
    expect(host.end()).toBe(true);
    await connection.next('end');

    const reconnecting = nextEvent(host, 'connectionStateChanged', (s) => s === 'reconnecting');
    connection.drop();
    await reconnecting;
    expect(host.end()).toBe(false);
  });
});
