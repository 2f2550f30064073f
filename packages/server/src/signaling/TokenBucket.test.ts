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

  it('rejects a nonsensical configuration', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(TypeError);
  });
});
