/**
 * Against a real Janus that JanusSupervisor starts (one per file): supervision, E2EE-only rooms,
 * publishing through janode, and the test-only RTP forward hook.
 */
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPool } from '../src/media/sfu/janus/JanusPool.ts';
import { isJanusAvailable, JanusSupervisor } from '../src/media/sfu/janus/JanusSupervisor.ts';
import { createNodePublisher, whenConnected } from './helpers/node-peer.ts';
import { startTestRtpForward } from './helpers/test-rtp-forward.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let supervisor: JanusSupervisor;
let pool: JanusPool;

beforeAll(async () => {
  supervisor = new JanusSupervisor({ rtpPortRange: { min: 20300, max: 20400 }, log: silent });
  await supervisor.start();
  pool = await JanusPool.fromSupervisor(supervisor, { log: silent });
});

afterAll(async () => {
  await pool.close();
  await supervisor.close();
});

describe('JanusSupervisor', () => {
  it('runs Janus on a loopback WebSocket port it picked, with a private configuration', () => {
    expect(supervisor.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    expect(supervisor.pid).not.toBeNull();
    expect(pool.isAvailable).toBe(true);
  });

  it('restarts Janus after it dies, and the pool tells the rooms layer it died and is back', async () => {
    const pid = supervisor.pid;
    if (pid === null) throw new Error('no pid');
    const died = pool.events.once('sfuDied');
    const ready = pool.events.once('sfuReady');
    process.kill(pid, 'SIGKILL');
    await died;
    await ready;
    expect(supervisor.pid).not.toBe(pid);
    expect(pool.isAvailable).toBe(true);
    const room = await pool.createRoom('after-restart');
    await room.destroy();
  });

  it('tells whether a janus binary can run, so the server knows to start one itself', async () => {
    expect(await isJanusAvailable('janus')).toBe(true);
    expect(await isJanusAvailable('/nonexistent/janus')).toBe(false);
  });

  it('removes its configuration folder and stops Janus when closed', async () => {
    const own = new JanusSupervisor({ rtpPortRange: { min: 20410, max: 20430 }, log: silent });
    await own.start();
    const pid = own.pid;
    if (pid === null) throw new Error('no pid');
    await own.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(own.url).toBeNull();
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });

  it('leaves no Janus behind when the server process is killed outright (SIGKILL)', async () => {
    const child = fork(new URL('./helpers/supervisor-child.fixture.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const { pid } = await new Promise<{ pid: number }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { pid: number }));
      child.once('exit', (code) => reject(new Error(`the supervising process exited (${String(code)})`)));
    });
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    await expect.poll(() => existsSync(`/proc/${pid}`), { timeout: 10_000, interval: 50 }).toBe(false);
  });
});

describe('rooms on Janus', () => {
  it('refuses a publisher that does not declare end-to-end encryption (433), accepts one that does', async () => {
    const room = await pool.createRoom('meeting-e2ee');
    const publisher = await createNodePublisher();
    try {
      // Straight through janode, without our adapter's e2ee flag: what a misbehaving client would get.
      const participant = await room.openParticipant('p-1');
      const { default: Janode } = await import('janode');
      const { default: VideoRoomPlugin } = await import('janode/plugins/videoroom');
      const connection = await Janode.connect({ address: { url: supervisor.url ?? '' } });
      const session = await connection.create();
      const raw = await session.attach(VideoRoomPlugin);
      await expect(raw.joinConfigurePublisher({ room: room.roomNumber, jsep: publisher.offer })).rejects.toThrow(
        /^433 /,
      );
      await session.destroy();
      await connection.close();

      const webrtcUp = participant.events.once('webrtcUp');
      const { feed, answer } = await participant.publish(publisher.offer);
      const { feedId } = feed;
      expect(feedId).toMatch(/^\d+$/);
      expect(answer.type).toBe('answer');
      await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp ?? '' });
      for (const c of publisher.candidates) await participant.trickle('publisher', c);
      await Promise.all([whenConnected(publisher.pc), webrtcUp]);
      expect(feed).toMatchObject({ feedId, participantId: 'p-1', hasVideo: true, hasAudio: true });
      await participant.requestKeyframe();
      await participant.close();
    } finally {
      publisher.close();
      await room.destroy();
    }
  });

  it('lets a test, and only with the admin key, forward a feed to its own UDP socket', async () => {
    const room = await pool.createRoom('meeting-forward');
    const publisher = await createNodePublisher();
    const video = dgram.createSocket('udp4');
    const audio = dgram.createSocket('udp4');
    await Promise.all([
      new Promise<void>((r) => video.bind(0, '127.0.0.1', r)),
      new Promise<void>((r) => audio.bind(0, '127.0.0.1', r)),
    ]);
    try {
      const participant = await room.openParticipant('p-2');
      const webrtcUp = participant.events.once('webrtcUp');
      const { answer } = await participant.publish(publisher.offer);
      await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp ?? '' });
      for (const c of publisher.candidates) await participant.trickle('publisher', c);
      await webrtcUp;
      const target = { host: '127.0.0.1', audioPort: audio.address().port, videoPort: video.address().port };
      await expect(
        startTestRtpForward({
          janusUrl: supervisor.url ?? '',
          adminKey: 'wrong',
          meetingId: 'meeting-forward',
          ...target,
        }),
      ).rejects.toThrow();
      const packet = new Promise<Buffer>((resolve) => video.once('message', resolve));
      const forward = await startTestRtpForward({
        janusUrl: supervisor.url ?? '',
        adminKey: supervisor.adminKey,
        meetingId: 'meeting-forward',
        ...target,
      });
      expect(forward.feeds).toHaveLength(1);
      const rtp = await packet;
      expect(rtp[0] !== undefined && rtp[0] >> 6).toBe(2); // RTP version 2 (RFC 3550 §5.1)
      await forward.close();
      await participant.close();
    } finally {
      video.close();
      audio.close();
      publisher.close();
      await room.destroy();
    }
  });
});
