import { describe, expect, it } from 'vitest';
import type { FeedView } from '@samtale/protocol';
import { feedOfParticipant, participantsByMid } from './feed-map.ts';

const feeds: FeedView[] = [
  { feedId: '11', participantId: 'anna', hasAudio: true, hasVideo: true, isSimulcast: true },
  { feedId: '22', participantId: 'bo', hasAudio: true, hasVideo: false, isSimulcast: false },
];

describe('participantsByMid', () => {
  it('names the participant and kind behind every m-line of the subscriber connection', () => {
    const map = participantsByMid(
      [
        { mid: '0', feedId: '11', kind: 'audio' },
        { mid: '1', feedId: '11', kind: 'video' },
        { mid: '2', feedId: '22', kind: 'audio' },
      ],
      feeds,
    );
    expect(Object.fromEntries(map)).toEqual({
      '0': { participantId: 'anna', kind: 'audio' },
      '1': { participantId: 'anna', kind: 'video' },
      '2': { participantId: 'bo', kind: 'audio' },
    });
  });

  it('leaves out an m-line whose feed has gone, so no track is shown under a wrong name', () => {
    expect(participantsByMid([{ mid: '3', feedId: '99', kind: 'video' }], feeds).size).toBe(0);
  });
});

describe('feedOfParticipant', () => {
  it('uses the newest feed after a participant republished', () => {
    const republished = [...feeds, { ...feeds[0]!, feedId: '33' }];
    expect(feedOfParticipant(republished).get('anna')).toBe('33');
  });
});
