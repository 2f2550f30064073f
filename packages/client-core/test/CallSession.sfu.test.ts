import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JoinAs } from '@samtale/protocol';
import { CallSession } from '../src/session/CallSession.ts';
import type { CallSessionEvents } from '../src/session/types.ts';
import { memoryStorage } from '../src/session/resume-token-store.ts';
import { countingWebSocket } from './helpers/counting-websocket.ts';
import { admitted, participant, roster, welcome } from './helpers/messages.ts';
import { recordingCalls } from './helpers/recording-calls.ts';
import { ScriptedServer, type ServerConnection } from './helpers/ScriptedServer.ts';

function nextEvent<K extends keyof CallSessionEvents>(
  session: CallSession,
  name: K,
): Promise<CallSessionEvents[K]> {
  return new Promise((resolve) => {
    const stop = session.on(name, (payload) => {
      stop();
      resolve(payload);
    });
  });
}

describe('CallSession in a meeting', () => {
  const meetingId = randomUUID();
  const memberId = randomUUID();
  const join: JoinAs = { kind: 'member', consultationId: meetingId };
  let server: ScriptedServer;
  let session: CallSession;
  let calls: ReturnType<typeof recordingCalls>;

  beforeEach(async () => {
    server = await ScriptedServer.start();
    calls = recordingCalls();
    session = new CallSession({
      url: server.url,
      join,
      localMedia: null,
      resumeTokenStore: memoryStorage(),
      WebSocket: countingWebSocket().WebSocket,
      createCall: calls.create,
    });
  });

  afterEach(async () => {
    session.close();
    await server.close();
  });

  async function enterMeeting(media: 'sfu' | 'mesh' | undefined): Promise<ServerConnection> {
    session.start();
    const connection = await server.nextConnection();
    expect(await connection.next('join')).toMatchObject({ as: join });
    const rosterSeen = nextEvent(session, 'rosterChanged');
    connection.send(welcome(memberId, 'resume-token-member-1', { role: 'colleague', state: 'admitted' }));
    connection.send(media === undefined ? admitted : { ...admitted, media });
    connection.send(roster([participant(memberId)]));
    await rosterSeen;
    return connection;
  }

  it('builds the call with an SFU channel when the server admits to the SFU, and routes SFU messages to it', async () => {
    const connection = await enterMeeting('sfu');
    const call = calls.sfu[0];
    expect(calls.mesh).toEqual([]);
    expect(call?.options.sfu).toBeDefined();

    expect(call?.options.sfu.send({ type: 'sfuSubscribe', feeds: [{ feedId: '7', substream: 0 }] })).toBe(true);
    expect(await connection.next('sfuSubscribe')).toMatchObject({ feeds: [{ feedId: '7', substream: 0 }] });

    const feedsSeen = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if ((call?.sfuMessages.length ?? 0) < 2) return;
        clearInterval(timer);
        resolve();
      }, 5);
    });
    connection.send({
      type: 'sfuFeeds',
      feeds: [{ feedId: '7', participantId: randomUUID(), hasAudio: true, hasVideo: true, isSimulcast: true }],
    });
    connection.send({ type: 'sfuReset', reason: 'sfu-restarted' });
    await feedsSeen;
    expect(call?.sfuMessages.map((m) => m.type)).toEqual(['sfuFeeds', 'sfuReset']);
  });

  it('builds a peer-to-peer call without an SFU channel when admitted to a mesh', async () => {
    await enterMeeting(undefined);
    expect(calls.sfu).toEqual([]);
    expect(calls.mesh).toHaveLength(1);
    expect(calls.mesh[0]?.options).not.toHaveProperty('sfu');
  });

  it('follows the lock a host sets and lets a host send lock and unlock', async () => {
    const connection = await enterMeeting('sfu');
    const lockSeen = nextEvent(session, 'lockChanged');
    connection.send({ type: 'locked', isLocked: true });
    expect(await lockSeen).toBe(true);
    expect(session.isLocked).toBe(true);
    expect(session.lock(false)).toBe(true);
    expect(await connection.next('lock')).toMatchObject({ isLocked: false });
  });

  it('passes the active speaker the call detects on to the page', async () => {
    await enterMeeting('sfu');
    const speaker = nextEvent(session, 'activeSpeakerChanged');
    calls.sfu[0]?.emit('activeSpeakerChanged', memberId);
    expect(await speaker).toBe(memberId);
  });

  it('hands a refused SFU request to the call to retry instead of showing an error', async () => {
    const connection = await enterMeeting('sfu');
    const shown: string[] = [];
    session.on('error', ({ code }) => shown.push(code));
    const shownError = nextEvent(session, 'error');
    connection.send({ type: 'error', code: 'INVALID_STATE', message: 'busy', ref: 'sfu-subscribe-2' });
    connection.send({ type: 'error', code: 'NOT_HOST', message: 'no', ref: 'lock-1' });
    expect((await shownError).code).toBe('NOT_HOST');
    expect(shown).toEqual(['NOT_HOST']);
    expect(calls.sfu[0]?.refusals).toEqual(['sfu-subscribe-2']);
  });
});
