import { describe, expect, it } from 'vitest';
import { KeyframeLimiter } from './KeyframeLimiter.ts';

describe('KeyframeLimiter', () => {
  it('lets one keyframe request per feed through each second and drops the rest', () => {
    let now = 0;
    const limiter = new KeyframeLimiter({ intervalMs: 1_000, now: () => now });
    expect(limiter.take('7')).toBe(true);
    expect(limiter.take('7')).toBe(false);
    expect(limiter.take('8')).toBe(true);
    now = 999;
    expect(limiter.take('7')).toBe(false);
    now = 1_000;
    expect(limiter.take('7')).toBe(true);
  });

  it('lets a forgotten feed ask again at once', () => {
    const limiter = new KeyframeLimiter({ intervalMs: 1_000, now: () => 5 });
    expect(limiter.take('7')).toBe(true);
    limiter.forget('7');
    expect(limiter.take('7')).toBe(true);
  });
});
