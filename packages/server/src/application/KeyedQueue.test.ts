import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './KeyedQueue.ts';

describe('KeyedQueue', () => {
  it('never interleaves two tasks of the same key', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('room', task('a')), queue.run('room', task('b'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs the next task after one that failed, and reports the failure to its caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('room', () => Promise.reject(new Error('db down')));
    const next = queue.run('room', async () => 'ok');
    await expect(failed).rejects.toThrow('db down');
    await expect(next).resolves.toBe('ok');
  });

  it('lets different keys proceed independently', async () => {
    const queue = new KeyedQueue();
    let release = (): void => undefined;
    const blocked = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(queue.run('b', async () => 'b done')).resolves.toBe('b done');
    release();
    await blocked;
    await queue.drain();
  });
});
