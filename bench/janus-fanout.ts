/**
 * Janus with one publisher and many subscribers (issue 3): a supervised Janus (JanusSupervisor,
 * our pool and room code), one Node WebRTC publisher (@roamhq/wrtc, synthetic VP8 160x120 at
 * 20 fps plus an Opus m-line) and N Node subscribers, added step by step. For each step, Janus's
 * CPU (from /proc/<pid>/stat, all its threads) over a fixed window and its RSS at the end.
 * Baselines from the same run: Janus with the room created and nobody in it, and with the
 * publisher but no subscriber.
 */
import { JanusPool } from '../packages/server/src/media/sfu/janus/JanusPool.ts';
import { JanusSupervisor } from '../packages/server/src/media/sfu/janus/JanusSupervisor.ts';
import {
  createNodePublisher,
  createNodeSubscriber,
  whenConnected,
  type NodeSubscriber,
} from '../packages/server/test/helpers/node-peer.ts';
import type { SfuParticipant } from '../packages/server/src/media/sfu/SfuAdapter.ts';
import { procStat } from './proc-stat.ts';

export interface FanoutStep {
  label: string;
  subscribers: number;
  /** Janus CPU over the window, % of one core. */
  cpuPercent: number;
  rssBytes: number;
  /** Video frames decoded per second by all subscribers together (0 without subscribers). */
  framesPerSecond: number;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Peer = Pick<NodeSubscriber, 'pc' | 'candidates'>;

/** Sends the peer's ICE candidates to Janus: those gathered so far, then each new one. */
function trickleAll(peer: Peer, participant: SfuParticipant, target: 'publisher' | 'subscriber'): void {
  const send = (c: Peer['candidates'][number]): void => void participant.trickle(target, c).catch(() => undefined);
  for (const c of peer.candidates) send(c);
  const gather = peer.pc.onicecandidate;
  peer.pc.onicecandidate = (e) => {
    gather?.(e);
    send(e.candidate);
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measureStep(
  pid: number,
  seconds: number,
  subscribers: readonly NodeSubscriber[],
): Promise<Omit<FanoutStep, 'label'>> {
  const frames = (): number => subscribers.reduce((sum, s) => sum + s.framesDecoded(), 0);
  const before = procStat(pid);
  const framesBefore = frames();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = procStat(pid);
  const elapsedMs = performance.now() - startedAt;
  if (before === null || after === null) throw new Error('Janus exited during the measurement');
  return {
    subscribers: subscribers.length,
    cpuPercent: ((after.cpuMs - before.cpuMs) / elapsedMs) * 100,
    rssBytes: after.rssBytes,
    framesPerSecond: ((frames() - framesBefore) / elapsedMs) * 1000,
  };
}

/** `steps`: subscriber counts to measure at, ascending (e.g. [1, 5, 10]); `seconds` per window. */
export async function measureJanusFanout(steps: readonly number[], seconds: number): Promise<FanoutStep[]> {
  // An RTP range of its own, away from the tests' ranges, so a bench beside a test run can start.
  const supervisor = new JanusSupervisor({ rtpPortRange: { min: 21000, max: 21400 }, log: silent });
  await supervisor.start();
  const pool = await JanusPool.fromSupervisor(supervisor, { log: silent });
  const publisher = await createNodePublisher();
  const subscribers: NodeSubscriber[] = [];
  const participants: SfuParticipant[] = [];
  const results: FanoutStep[] = [];
  try {
    const pid = supervisor.pid;
    if (pid === null) throw new Error('Janus did not start');
    const room = await pool.createRoom('bench-fanout');
    results.push({ label: 'idle, room created', ...(await measureStep(pid, seconds, [])) });

    const sender = await room.openParticipant('bench-publisher');
    participants.push(sender);
    const webrtcUp = sender.events.once('webrtcUp');
    const {
      feed: { feedId },
      answer,
    } = await sender.publish(publisher.offer);
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp ?? '' });
    trickleAll(publisher, sender, 'publisher');
    await Promise.all([whenConnected(publisher.pc), webrtcUp]);
    results.push({ label: '1 publisher, no subscriber', ...(await measureStep(pid, seconds, [])) });

    for (const target of steps) {
      while (subscribers.length < target) {
        const receiver = await room.openParticipant(`bench-subscriber-${subscribers.length + 1}`);
        participants.push(receiver);
        const subscriber = createNodeSubscriber();
        subscribers.push(subscriber);
        const offer = await receiver.subscribe([{ feedId, substream: 0 }]);
        if (offer === null) throw new Error('Janus made no subscriber offer');
        await receiver.answerSubscriber(await subscriber.answer(offer.jsep));
        trickleAll(subscriber, receiver, 'subscriber');
        await until(() => subscriber.framesDecoded() > 0, `subscriber ${subscribers.length} to decode video`);
      }
      results.push({ label: `1 publisher, ${target} subscribers`, ...(await measureStep(pid, seconds, subscribers)) });
    }
    await room.destroy();
  } finally {
    for (const s of subscribers) s.close();
    publisher.close();
    await Promise.all(participants.map((p) => p.close().catch(() => undefined)));
    await pool.close();
    await supervisor.close();
  }
  return results;
}
