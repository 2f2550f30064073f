import { afterEach, describe, expect, it, vi } from 'vitest';
import { WarmWorker } from './WarmWorker.ts';

class FakeWorker {
  isTerminated = false;
  terminate(): void {
    this.isTerminated = true;
  }
}

/** A browser with workers and encoded transforms (Node has neither). */
function likeABrowser(): void {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('RTCRtpScriptTransform', class {});
}

function counting(): { create: () => Worker; made: FakeWorker[] } {
  const made: FakeWorker[] = [];
  return {
    made,
    create: () => {
      const worker = new FakeWorker();
      made.push(worker);
      return worker as unknown as Worker;
    },
  };
}

describe('WarmWorker', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('starts the worker ahead of need and hands that same worker to the call, starting no second one', () => {
    likeABrowser();
    const { create, made } = counting();
    const warm = new WarmWorker(create);
    warm.prepare();
    warm.prepare();
    expect(made).toHaveLength(1);
    expect(warm.isPrepared).toBe(true);
    expect(warm.take()).toBe(made[0]);
    expect(made).toHaveLength(1);
    expect(warm.isPrepared).toBe(false);
  });

  it('starts a worker on demand when none was prepared, and a new spare after one was taken', () => {
    likeABrowser();
    const { create, made } = counting();
    const warm = new WarmWorker(create);
    const first = warm.take();
    expect(made).toEqual([first]);
    warm.prepare();
    expect(made).toHaveLength(2);
    expect(warm.take()).toBe(made[1]);
  });

  it('stops a spare nobody took, and leaves a taken worker to its owner', () => {
    likeABrowser();
    const { create, made } = counting();
    const warm = new WarmWorker(create);
    warm.prepare();
    const taken = warm.take() as unknown as FakeWorker;
    warm.prepare();
    warm.dispose();
    expect(made[1]?.isTerminated).toBe(true);
    expect(taken.isTerminated).toBe(false);
    expect(warm.isPrepared).toBe(false);
  });

  it('starts nothing ahead where the browser has no encoded transforms (the call then fails closed)', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { create, made } = counting();
    const warm = new WarmWorker(create);
    warm.prepare();
    expect(made).toHaveLength(0);
  });

  it('survives a worker that cannot start ahead; the call tries again when it needs one', () => {
    likeABrowser();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let attempts = 0;
    const warm = new WarmWorker(() => {
      attempts += 1;
      throw new Error('blocked by CSP');
    });
    warm.prepare();
    expect(warm.isPrepared).toBe(false);
    expect(() => warm.take()).toThrow('blocked by CSP');
    expect(attempts).toBe(2);
    warn.mockRestore();
  });
});
