/**
 * Model test: random sequences of commands (valid and invalid, from hosts and non-hosts)
 * against one room, checking after each step the rules that must never break.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParticipantState } from '@samtale/protocol';
import { Room } from './Room.ts';
import { pid, seed, T0 } from '../../test/helpers/room-fixtures.ts';
import type { ParticipantSeed, RoomCommand } from './types.ts';

const MESH_MAX = 3;
const IDS = [1, 2, 3, 4, 5].map(pid);
const HOST = pid(1);
/** Notices a participant outside the call may get: none of them says anything about others. */
const SAFE_OUTSIDE = new Set(['waiting', 'hostMessage', 'declined', 'returnedToWaiting', 'removed', 'ended']);

const anyId = fc.constantFrom(...IDS, pid(42));
const at = fc.integer({ min: 0, max: 10_000 }).map((s) => new Date(T0.getTime() + s * 1000));
const join = fc.record({ n: fc.integer({ min: 1, max: 5 }), at }).map(({ n, at: when }): RoomCommand => ({
  type: 'join',
  participant: seed(n, n === 1 ? 'host' : n === 2 ? 'patient' : 'relative'),
  at: when,
}));
const own = fc.record({
  type: fc.constantFrom(
    'rejoin' as const,
    'resume' as const,
    'leave' as const,
    'disconnect' as const,
    'graceExpired' as const,
  ),
  participantId: anyId,
  at,
});
const hostAction = fc.record({
  type: fc.constantFrom('admit' as const, 'decline' as const, 'returnToWaiting' as const, 'remove' as const),
  actorId: anyId,
  participantId: anyId,
  at,
});
const message = fc.record({
  type: fc.constant('messageWaiting' as const),
  actorId: anyId,
  participantId: anyId,
  text: fc.constant('Soon'),
  at,
});
const media = fc.record({
  type: fc.constant('mediaState' as const),
  participantId: anyId,
  isAudioOn: fc.boolean(),
  isVideoOn: fc.boolean(),
});
const signal = fc.record({
  type: fc.constant('signal' as const),
  from: anyId,
  to: anyId,
  data: fc.constant({ kind: 'candidate' as const, candidate: null }),
});
const end = fc.record({ type: fc.constant('end' as const), actorId: anyId, at });
// Ending is rare, so that most sequences explore a live room.
const command: fc.Arbitrary<RoomCommand> = fc.oneof(
  { arbitrary: join, weight: 4 },
  { arbitrary: own, weight: 4 },
  { arbitrary: hostAction, weight: 6 },
  { arbitrary: message, weight: 1 },
  { arbitrary: media, weight: 1 },
  { arbitrary: signal, weight: 2 },
  { arbitrary: end, weight: 1 },
);

function stateOf(room: Room): string {
  return JSON.stringify({ ended: room.isEnded, started: room.startedAt, ps: room.participants() });
}

describe('Room model', () => {
  it('keeps its invariants under thousands of random command sequences', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const room = new Room({
          consultationId: pid(999),
          meshMax: MESH_MAX,
          startedAt: null,
          endedAt: null,
          participants: [],
        });
        // The durable copy the shell would keep by applying every `persist` effect.
        const stored = new Map<string, ParticipantSeed>();
        for (const c of commands) {
          const wasEnded = room.isEnded;
          const before = stateOf(room);
          const result = room.apply(c);
          if (!result.ok) {
            expect(stateOf(room)).toBe(before);
            continue;
          }
          expect(wasEnded).toBe(false);
          if (c.type === 'join') stored.set(c.participant.id, { ...c.participant });
          const isHostAction = ['admit', 'decline', 'returnToWaiting', 'remove', 'messageWaiting', 'end'].includes(
            c.type,
          );
          if (isHostAction && 'actorId' in c) expect(room.participant(c.actorId)?.role).toBe('host');

          for (const e of result.effects) {
            if (e.kind === 'persist') {
              const row = stored.get(e.participantId);
              if (row === undefined) throw new Error('persist for an unknown participant');
              Object.assign(row, e.patch);
            }
            if (e.kind !== 'notify') continue;
            const recipient = room.participant(e.to);
            expect(recipient).toBeDefined();
            if (recipient?.state !== 'admitted') expect(SAFE_OUTSIDE.has(e.notice.type)).toBe(true);
            if (e.notice.type === 'roster' && recipient?.role !== 'host') {
              expect(e.notice.participants.every((p) => p.state === 'admitted')).toBe(true);
            }
          }
          expect(room.admittedCount).toBeLessThanOrEqual(MESH_MAX);
          // What is stored is what the room believes: a restart rebuilds the same states.
          for (const p of room.participants()) {
            expect(stored.get(p.id)?.state).toBe(p.state);
          }
        }
        // Rebuilding from storage keeps every participant's state.
        const rebuilt = new Room({
          consultationId: pid(999),
          meshMax: MESH_MAX,
          startedAt: room.startedAt,
          endedAt: null,
          participants: [...stored.values()],
        });
        const states = (r: Room): Record<string, ParticipantState> =>
          Object.fromEntries(r.participants().map((p) => [p.id, p.state]));
        expect(states(rebuilt)).toEqual(states(room));
      }),
      { numRuns: 2000, seed: 20250101 },
    );
  });

  it('never lets anyone but the host act as host', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IDS.slice(1)),
        fc.constantFrom('admit' as const, 'decline' as const, 'remove' as const, 'returnToWaiting' as const),
        (actor, type) => {
          const room = new Room({
            consultationId: pid(999),
            meshMax: MESH_MAX,
            startedAt: null,
            endedAt: null,
            participants: IDS.map((id, i) => ({
              ...seed(i + 1, i === 0 ? 'host' : 'patient'),
              state: 'admitted' as const,
            })),
          });
          const result = room.apply({ type, actorId: actor, participantId: IDS[2] ?? HOST, at: T0 });
          expect(result).toEqual({ ok: false, code: 'NOT_HOST' });
        },
      ),
      { seed: 7 },
    );
  });
});
