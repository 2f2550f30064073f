import { describe, expect, it } from 'vitest';
import type { FeedView } from '@samtale/protocol';
import { isSamePlan, planSubscription, tileSizeFor } from './subscription-plan.ts';

function feed(n: number, overrides: Partial<FeedView> = {}): FeedView {
  return { feedId: `f${n}`, participantId: `p${n}`, hasAudio: true, hasVideo: true, isSimulcast: true, ...overrides };
}

describe('planSubscription', () => {
  it('receives video only from participants on screen, and audio from everyone else', () => {
    const feeds = [feed(1), feed(2), feed(3)];
    const plan = planSubscription(feeds, [{ participantId: 'p1', size: 'small' }], 'self');
    expect(plan).toEqual([
      { feedId: 'f1', substream: 0, hasVideo: true },
      { feedId: 'f2', substream: 0, hasVideo: false },
      { feedId: 'f3', substream: 0, hasVideo: false },
    ]);
  });

  it('gives small grid tiles the low layer and the large speaker tile the high layer', () => {
    const plan = planSubscription(
      [feed(1), feed(2), feed(3)],
      [
        { participantId: 'p1', size: 'large' },
        { participantId: 'p2', size: 'small' },
        { participantId: 'p3', size: 'medium' },
      ],
      'self',
    );
    expect(plan.map((p) => p.substream)).toEqual([2, 0, 1]);
  });

  it('takes the best layer when a participant is shown twice (speaker tile and filmstrip)', () => {
    const plan = planSubscription(
      [feed(1)],
      [
        { participantId: 'p1', size: 'small' },
        { participantId: 'p1', size: 'large' },
      ],
      'self',
    );
    expect(plan).toEqual([{ feedId: 'f1', substream: 2, hasVideo: true }]);
  });

  it('never subscribes to our own feed', () => {
    const plan = planSubscription(
      [feed(1), feed(2, { participantId: 'self' })],
      [{ participantId: 'self', size: 'large' }],
      'self',
    );
    expect(plan.map((p) => p.feedId)).toEqual(['f1']);
  });

  it('skips an off-screen participant who publishes no audio, and asks layer 0 of a feed without simulcast', () => {
    const plan = planSubscription(
      [feed(1, { hasAudio: false }), feed(2, { isSimulcast: false })],
      [{ participantId: 'p2', size: 'large' }],
      'self',
    );
    expect(plan).toEqual([{ feedId: 'f2', substream: 0, hasVideo: true }]);
  });

  it('sorts by feed so the same wish twice is recognised as unchanged', () => {
    const tiles = [
      { participantId: 'p2', size: 'small' as const },
      { participantId: 'p1', size: 'small' as const },
    ];
    const a = planSubscription([feed(2), feed(1)], tiles, 'self');
    const b = planSubscription([feed(1), feed(2)], [...tiles].reverse(), 'self');
    expect(isSamePlan(a, b)).toBe(true);
    expect(isSamePlan(a, planSubscription([feed(1), feed(2)], [tiles[0]!], 'self'))).toBe(false);
  });
});

describe('tileSizeFor', () => {
  it('classifies a phone tile as small, a grid tile as medium and a full-width speaker as large', () => {
    expect(tileSizeFor(180)).toBe('small');
    expect(tileSizeFor(400)).toBe('medium');
    expect(tileSizeFor(1000)).toBe('large');
  });

  it('counts physical pixels on a high-density screen', () => {
    expect(tileSizeFor(300, 3)).toBe('large');
  });
});
