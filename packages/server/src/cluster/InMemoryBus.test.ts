import { describe, expect, it } from 'vitest';
import { InMemoryBus } from './InMemoryBus.ts';

describe('InMemoryBus', () => {
  it('delivers a message to every subscriber of its channel and to no other channel', async () => {
    const bus = new InMemoryBus();
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    const ac = new AbortController();
    bus.subscribe('a', (m) => seenA.push(m), ac.signal);
    bus.subscribe('a', (m) => seenA.push(m), ac.signal);
    bus.subscribe('b', (m) => seenB.push(m), ac.signal);
    await bus.publish('a', { n: 1 });
    expect(seenA).toEqual([{ n: 1 }, { n: 1 }]);
    expect(seenB).toEqual([]);
  });

  it('keeps publish order per channel', async () => {
    const bus = new InMemoryBus();
    const seen: number[] = [];
    bus.subscribe('c', (m) => seen.push(m as number), new AbortController().signal);
    await Promise.all([1, 2, 3, 4].map((n) => bus.publish('c', n)));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('stops delivering once the subscription signal aborts and forgets the empty channel', async () => {
    const bus = new InMemoryBus();
    const seen: unknown[] = [];
    const ac = new AbortController();
    bus.subscribe('c', (m) => seen.push(m), ac.signal);
    expect(bus.subscriberCount('c')).toBe(1);
    ac.abort();
    await bus.publish('c', 'late');
    expect(seen).toEqual([]);
    expect(bus.subscriberCount('c')).toBe(0);
  });

  it('ignores a subscription whose signal has already aborted', async () => {
    const bus = new InMemoryBus();
    const ac = new AbortController();
    ac.abort();
    bus.subscribe('c', () => undefined, ac.signal);
    expect(bus.subscriberCount('c')).toBe(0);
  });

  it('still delivers to the other subscribers when one throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const bus = new InMemoryBus({ onHandlerError: (e) => errors.push(e) });
    const seen: unknown[] = [];
    const signal = new AbortController().signal;
    bus.subscribe(
      'c',
      () => {
        throw new Error('boom');
      },
      signal,
    );
    bus.subscribe('c', (m) => seen.push(m), signal);
    await bus.publish('c', 'x');
    expect(seen).toEqual(['x']);
    expect(errors).toHaveLength(1);
  });

  it('lets a handler unsubscribe itself while a message is being delivered', async () => {
    const bus = new InMemoryBus();
    const ac = new AbortController();
    const seen: unknown[] = [];
    bus.subscribe(
      'c',
      (m) => {
        seen.push(m);
        ac.abort();
      },
      ac.signal,
    );
    await bus.publish('c', 1);
    await bus.publish('c', 2);
    expect(seen).toEqual([1]);
  });

  it('refuses to publish after close, which is a programming mistake', async () => {
    const bus = new InMemoryBus();
    await bus.close();
    await expect(bus.publish('c', 1)).rejects.toThrow(TypeError);
  });
});
