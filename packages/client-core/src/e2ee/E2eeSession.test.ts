import type { SignalData } from '@samtale/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { E2eeSession } from './E2eeSession.ts';

const CALL = 'c0000000-0000-4000-8000-000000000011';

/** The encryption worker as the page sees it: messages in, an `error` event when it breaks. */
class FakeWorker extends EventTarget {
  readonly posted: unknown[] = [];
  isTerminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.isTerminated = true;
  }
}

class FakeSender {
  transform: unknown = null;
}
class FakeReceiver {
  transform: unknown = null;
}

/** A browser with Workers and RTCRtpScriptTransform (Firefox, Safari); `transform` says how it behaves. */
function likeABrowser(transform: new (worker: unknown, options: unknown) => object = class {}): void {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('RTCRtpSender', FakeSender);
  vi.stubGlobal('RTCRtpReceiver', FakeReceiver);
  vi.stubGlobal('RTCRtpScriptTransform', transform);
}

/** Two sessions whose signals are relayed as the server would (JSON copy, next macrotask). */
function twoSessions(): { a: E2eeSession; b: E2eeSession; workers: FakeWorker[] } {
  const sessions = new Map<string, E2eeSession>();
  const workers: FakeWorker[] = [];
  for (const id of ['a', 'b']) {
    sessions.set(
      id,
      new E2eeSession({
        callId: CALL,
        selfId: id,
        rotation: { debounceMs: 5, switchDelayMs: 20 },
        createWorker: () => {
          const worker = new FakeWorker();
          workers.push(worker);
          return worker as unknown as Worker;
        },
        sendSignal: (to, data) => {
          const copy = JSON.parse(JSON.stringify(data)) as SignalData;
          setTimeout(() => sessions.get(to)?.handleSignal(id, copy), 0);
        },
      }),
    );
  }
  const a = sessions.get('a');
  const b = sessions.get('b');
  if (a === undefined || b === undefined) throw new Error('unreachable');
  opened.push(a, b);
  return { a, b, workers };
}

const opened: E2eeSession[] = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.close();
  vi.unstubAllGlobals();
});

async function activeTogether(a: E2eeSession, b: E2eeSession): Promise<void> {
  await Promise.all([a.start(), b.start()]);
  a.setMembers(['a', 'b']);
  b.setMembers(['a', 'b']);
  await vi.waitFor(() => {
    expect(a.status).toBe('active');
    expect(b.status).toBe('active');
  });
  expect(a.verificationCode).not.toBeNull();
}

describe('E2eeSession failures (issue 11: fail closed, and everyone is told)', () => {
  it('a browser without encoded transforms attaches nothing, is "failed" (unsupported), and the other side is told and withdraws its code', async () => {
    const { a, b } = twoSessions();
    await activeTogether(a, b);
    const failed = vi.fn();
    b.on('failed', failed);
    // Node has no encoded transforms: exactly the browser the device check refuses.
    expect(b.attachReceiver({} as RTCRtpReceiver, 'video', 'a')).toBe(false);
    expect(b.attachSender({} as RTCRtpSender, 'audio')).toBe(false);
    expect(b.status).toBe('failed');
    expect(b.failure).toBe('unsupported');
    expect(failed).toHaveBeenCalledWith({ failure: 'unsupported' });
    expect(b.verificationCode).toBeNull();
    await vi.waitFor(() => expect(a.status).toBe('failed'));
    expect(a.problems).toEqual([{ participantId: 'b', failure: 'unsupported', isOurs: false }]);
    expect(a.verificationCode).toBeNull();
  });

  it('a transform that cannot be attached fails the session (transform): nothing is attached afterwards, not even to a target attached before', async () => {
    let isBroken = false;
    likeABrowser(
      class {
        constructor() {
          if (isBroken) throw new DOMException('InvalidStateError', 'InvalidStateError');
        }
      },
    );
    const { a, b, workers } = twoSessions();
    await activeTogether(a, b);
    const earlier = new FakeReceiver() as unknown as RTCRtpReceiver;
    expect(b.attachReceiver(earlier, 'video', 'a')).toBe(true);
    isBroken = true;
    expect(b.attachReceiver(new FakeReceiver() as unknown as RTCRtpReceiver, 'audio', 'a')).toBe(false);
    expect(b.failure).toBe('transform');
    expect(b.attachReceiver(earlier, 'video', 'a')).toBe(false);
    // The worker stops: frames already flowing through its transforms stop with it.
    expect(workers.every((worker) => worker.isTerminated)).toBe(true);
    await vi.waitFor(() => expect(a.problems).toEqual([{ participantId: 'b', failure: 'transform', isOurs: false }]));
  });

  it('an encryption worker that fails mid-call stops and is reported (worker); no key reaches a new worker', async () => {
    likeABrowser();
    const { a, b, workers } = twoSessions();
    await activeTogether(a, b);
    expect(b.attachReceiver(new FakeReceiver() as unknown as RTCRtpReceiver, 'video', 'a')).toBe(true);
    const worker = workers.at(-1);
    worker?.dispatchEvent(new Event('error'));
    expect(b.failure).toBe('worker');
    expect(worker?.isTerminated).toBe(true);
    expect(b.attachSender(new FakeSender() as unknown as RTCRtpSender, 'video')).toBe(false);
    expect(workers).toHaveLength(1);
    await vi.waitFor(() => expect(a.problems).toEqual([{ participantId: 'b', failure: 'worker', isOurs: false }]));
    expect(a.verificationCode).toBeNull();
  });

  it('a worker that cannot be started at all is reported (worker)', async () => {
    likeABrowser();
    const a = new E2eeSession({
      callId: CALL,
      selfId: 'a',
      sendSignal: () => undefined,
      createWorker: () => {
        throw new DOMException('blocked by CSP', 'SecurityError');
      },
    });
    opened.push(a);
    await a.start();
    expect(a.attachSender(new FakeSender() as unknown as RTCRtpSender, 'audio')).toBe(false);
    expect(a.failure).toBe('worker');
    expect(a.status).toBe('failed');
  });
});
