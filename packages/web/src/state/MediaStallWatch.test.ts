import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MEDIA_CONNECT_TIMEOUT_MS, MediaStallWatch } from './MediaStallWatch.ts';

describe('MediaStallWatch', () => {
  let changes: string[][];
  let watch: MediaStallWatch;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    watch = new MediaStallWatch((stalled) => changes.push([...stalled].sort()));
  });
  afterEach(() => {
    watch.close();
    vi.useRealTimers();
  });

  it('reports a peer that stays in "new" forever (blocked TURN) after the bounded wait, not before', () => {
    watch.setPeers(['bob']);
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([['bob']]);
  });

  it('never reports a peer that connects in time', () => {
    watch.setPeers(['bob']);
    watch.setPeerState('bob', 'connecting');
    vi.advanceTimersByTime(1_000);
    watch.setPeerState('bob', 'connected');
    vi.advanceTimersByTime(10 * MEDIA_CONNECT_TIMEOUT_MS);
    expect(changes).toEqual([]);
  });

  it('takes the message away as soon as a stalled peer connects after all (retries go on in the background)', () => {
    watch.setPeers(['bob']);
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS);
    watch.setPeerState('bob', 'connected');
    expect(changes).toEqual([['bob'], []]);
  });

  it('reports a failed ICE connection at once instead of waiting', () => {
    watch.setPeers(['bob']);
    watch.setPeerState('bob', 'failed');
    expect(changes).toEqual([['bob']]);
  });

  it('gives a connection that drops the full wait again before reporting it', () => {
    watch.setPeers(['bob']);
    watch.setPeerState('bob', 'connected');
    watch.setPeerState('bob', 'disconnected');
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([['bob']]);
  });

  it('does not restart the clock while the state moves between new and connecting', () => {
    watch.setPeers(['bob']);
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS / 2);
    watch.setPeerState('bob', 'connecting');
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS / 2);
    expect(changes).toEqual([['bob']]);
  });

  it('forgets a peer who left, stalled or not, and reports only the one still stuck', () => {
    watch.setPeers(['bob', 'carol']);
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS);
    expect(changes.at(-1)).toEqual(['bob', 'carol']);
    watch.setPeers(['carol']);
    expect(changes.at(-1)).toEqual(['carol']);
    watch.setPeers([]);
    expect(changes.at(-1)).toEqual([]);
  });

  it('starts a fresh clock when a peer connection is replaced (the other person reloaded)', () => {
    watch.setPeers(['bob']);
    watch.setPeerState('bob', 'connected');
    watch.setPeerState('bob', 'closed');
    vi.advanceTimersByTime(MEDIA_CONNECT_TIMEOUT_MS);
    expect(changes).toEqual([['bob']]);
  });

  it('ignores states of peers it does not watch and fires nothing after close', () => {
    watch.setPeerState('stranger', 'failed');
    watch.setPeers(['bob']);
    watch.close();
    vi.advanceTimersByTime(10 * MEDIA_CONNECT_TIMEOUT_MS);
    expect(changes).toEqual([]);
  });
});
