/**
 * Against a real Janus that JanusSupervisor starts (one per file): supervision, E2EE-only rooms,
 * publishing through janode, and the test-only RTP forward hook.
 */
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPool } from '../src/media/sfu/janus/JanusPool.ts';
import { isJanusAvailable, JanusSupervisor } from '../src/media/sfu/janus/JanusSupervisor.ts';
import { JANUS_FOLDER_PREFIX, OWNER_FILE } from '../src/media/sfu/janus/janus-config.ts';
import { createSfu } from '../src/media/sfu/create-sfu.ts';
import { loadConfig } from '../src/config/config.ts';
import { createNodePublisher, whenConnected } from './helpers/node-peer.ts';
import { startTestRtpForward } from './helpers/test-rtp-forward.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** What the shared supervisor logged at info level: [fields, message]. */
const infoLines: [object, string][] = [];
const recording = { ...silent, info: (obj: object, msg: string) => void infoLines.push([obj, msg]) };

let supervisor: JanusSupervisor;
let pool: JanusPool;

beforeAll(async () => {
  supervisor = new JanusSupervisor({ rtpPortRange: { min: 20300, max: 20400 }, log: recording });
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

  it('logs Janus’s pid as janusPid, leaving the log line’s own pid field to the server', () => {
    const started = infoLines.find(([, msg]) => msg === 'janus started')?.[0];
    expect(started).toMatchObject({ janusPid: supervisor.pid });
    expect(started).not.toHaveProperty('pid');
  });

  it('answers API requests only with the api_secret it generated for this run', async () => {
    const { default: Janode } = await import('janode');
    const url = supervisor.url ?? '';
    const config = await readFile(path.join(supervisor.configDir ?? '', 'janus.jcfg'), 'utf8');
    expect(config).toContain(`api_secret = "${supervisor.apiSecret}"`);
    for (const apisecret of [undefined, 'wrong-secret-of-enough-length']) {
      const connection = await Janode.connect({ address: apisecret === undefined ? { url } : { url, apisecret } });
      await expect(connection.create()).rejects.toThrow(/^403 /);
      await connection.close();
    }
    const connection = await Janode.connect({ address: { url, apisecret: supervisor.apiSecret } });
    const session = await connection.create();
    await session.destroy();
    await connection.close();
  });

  it('reaches an operator-run Janus (JANUS_URL) with the JANUS_API_SECRET it was configured with', async () => {
    const env = { JANUS_URL: supervisor.url ?? '', JANUS_ADMIN_KEY: supervisor.adminKey };
    const sfu = await createSfu(loadConfig({ ...env, JANUS_API_SECRET: supervisor.apiSecret }), silent);
    try {
      expect(sfu?.isAvailable).toBe(true);
      const room = await sfu?.createRoom('with-api-secret');
      await room?.destroy();
    } finally {
      await sfu?.close();
    }
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

  it('leaves no Janus behind when the server process is killed outright (SIGKILL), and the next start removes its folder', async () => {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-janus-test-'));
    try {
      const child = fork(new URL('./helpers/supervisor-child.fixture.ts', import.meta.url), [], {
        execArgv: ['--import', 'tsx'],
        stdio: 'ignore',
        env: { ...process.env, SAMTALE_JANUS_TEMP: tempDir },
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const { pid, configDir } = await new Promise<{ pid: number; configDir: string }>((resolve, reject) => {
        child.once('message', (message) => resolve(message as { pid: number; configDir: string }));
        child.once('exit', (code) => reject(new Error(`the supervising process exited (${String(code)})`)));
      });
      expect(existsSync(`/proc/${pid}`)).toBe(true);
      child.kill('SIGKILL');
      await exited;
      await expect.poll(() => existsSync(`/proc/${pid}`), { timeout: 10_000, interval: 50 }).toBe(false);
      // Nobody could remove it: it still holds the admin key.
      expect(await readFile(path.join(configDir, 'janus.plugin.videoroom.jcfg'), 'utf8')).toContain('admin_key');

      // Another server's folder on the same machine: its owner (this test's parent) still runs.
      const others = path.join(tempDir, `${JANUS_FOLDER_PREFIX}other`);
      await mkdir(others);
      await writeFile(path.join(others, OWNER_FILE), `${process.ppid}\n`);
      const next = new JanusSupervisor({ rtpPortRange: { min: 20470, max: 20490 }, log: silent, tempDir });
      await next.start();
      try {
        expect(existsSync(configDir)).toBe(false);
        expect(existsSync(others)).toBe(true);
        expect(existsSync(next.configDir ?? '')).toBe(true);
      } finally {
        await next.close();
      }
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
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
      const connection = await Janode.connect({
        address: { url: supervisor.url ?? '', apisecret: supervisor.apiSecret },
      });
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
          apiSecret: supervisor.apiSecret,
          meetingId: 'meeting-forward',
          ...target,
        }),
      ).rejects.toThrow();
      const packet = new Promise<Buffer>((resolve) => video.once('message', resolve));
      const forward = await startTestRtpForward({
        janusUrl: supervisor.url ?? '',
        adminKey: supervisor.adminKey,
        apiSecret: supervisor.apiSecret,
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
