import { describe, expect, it } from 'vitest';
import type { ParticipantView } from '@samtale/protocol';
import { Roster } from './Roster.ts';

function person(id: string, overrides: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id,
    displayName: `Person ${id}`,
    role: 'patient',
    identification: { kind: 'invitation-link' },
    state: 'admitted',
    isConnected: true,
    isAudioOn: true,
    isVideoOn: true,
    waitingSince: null,
    ...overrides,
  };
}

describe('Roster', () => {
  it('keeps the latest roster and tells who are peers, who waits and who hosts', () => {
    const seen: ParticipantView[][] = [];
    const roster = new Roster({ onRosterChanged: (list) => seen.push(list), onLockChanged: () => undefined });
    const participants = [
      person('host', { role: 'host' }),
      person('self'),
      person('away', { isConnected: false }),
      person('waiting', { state: 'waiting' }),
    ];
    const startedAt = '2030-01-01T10:00:00.000Z';
    roster.handleRoster({ type: 'roster', participants, startedAt });

    expect(seen).toEqual([participants]);
    expect(roster.participants).toBe(participants);
    expect(roster.startedAt).toBe(startedAt);
    // A peer whose signaling is away stays: their media may still be flowing.
    expect(roster.peersOf('self')).toEqual(['host', 'away']);
    expect(roster.waitingIds()).toEqual(['waiting']);
    expect(roster.isHost('host')).toBe(true);
    expect(roster.isHost('self')).toBe(false);
    expect(roster.isHost('unknown')).toBe(false);
  });

  it('follows the lock of a meeting', () => {
    const locks: boolean[] = [];
    const roster = new Roster({ onRosterChanged: () => undefined, onLockChanged: (isLocked) => locks.push(isLocked) });
    expect(roster.isLocked).toBe(false);
    roster.handleLocked({ type: 'locked', isLocked: true });
    expect(roster.isLocked).toBe(true);
    expect(locks).toEqual([true]);
  });
});
