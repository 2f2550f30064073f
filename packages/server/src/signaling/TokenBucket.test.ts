import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket.ts';

describe('TokenBucket', () => {
  it('allows a burst and then refuses until tokens flow back in', () => {
    let t = 0;
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 100, now: () => t });
    const allowed = Array.from({ length: 150 }, () => bucket.take()).filter(Boolean).length;
    expect(allowed).toBe(100);
    t += 100; // 100 ms at 50/s gives 5 tokens
    expect(Array.from({ length: 10 }, () => bucket.take()).filter(Boolean).length).toBe(5);
  });

  it('never holds more than the burst after a long quiet time', () => {
    let t = 0;
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 3, now: () => t });
    t += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('reports the first refusal of each notice window and stays silent for the rest', () => {
    let t = 0;
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, noticeWindowMs: 1000, now: () => t });
    expect(bucket.take()).toBe(true);
    const refusals = Array.from({ length: 1000 }, () => bucket.take());
    expect(refusals.every((taken) => !taken)).toBe(true);
    const notices = refusals.map(() => bucket.claimNotice()).filter(Boolean).length;
    expect(notices).toBe(1);
    t += 999;
    expect(bucket.claimNotice()).toBe(false);
    t += 1;
    expect(bucket.claimNotice()).toBe(true);
  });

  it('rejects a nonsensical configuration', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(TypeError);
  });
});
