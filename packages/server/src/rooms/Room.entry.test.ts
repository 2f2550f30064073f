/**
 * The room as the one authority over entry and membership (issue 7): take-overs, resume tokens,
 * the connection a command came through, grace, and the membership effects the SFU side and the
 * connections act on.
 */
import { describe, expect, it } from 'vitest';
import { Room } from './Room.ts';
import type { RoomEffect } from './types.ts';
import {
  effectsOf,
  emptyRoom,
  pid,
  roomWithHostAndWaitingPatient,
  seed,
  T0,
} from '../../test/helpers/room-fixtures.ts';

const HOST = pid(1);
const PATIENT = pid(2);
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const memberships = (effects: readonly RoomEffect[]) =>
  effects.flatMap((e) => (e.kind === 'membership' ? [[e.participantId, e.change]] : []));

describe('Room: entry and membership', () => {
  it('welcomes an arrival before anything else it publishes, with the state it enters in', () => {
    const room = emptyRoom();
    const effects = effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
    expect(effects[0]).toEqual({ kind: 'welcome', participantId: HOST, epoch: 0, state: 'admitted' });
    const patient = effectsOf(room.apply({ type: 'join', participant: seed(2, 'patient'), at: T0 }));
    expect(patient[0]).toEqual({ kind: 'welcome', participantId: PATIENT, epoch: 0, state: 'waiting' });
  });

  it('hands a participant to a new connection: a new epoch, the new token hash stored, older connections refused', () => {
    const room = roomWithHostAndWaitingPatient();
    const effects = effectsOf(
      room.apply({ type: 'rejoin', participantId: PATIENT, at: at(1), takeOver: { resumeTokenHash: 'h1' } }),
    );
    expect(effects).toContainEqual({ kind: 'takeOver', participantId: PATIENT, epoch: 1, resumeTokenHash: 'h1' });
    expect(effects).toContainEqual({ kind: 'welcome', participantId: PATIENT, epoch: 1, state: 'waiting' });
    expect(room.participant(PATIENT)).toMatchObject({ epoch: 1, resumeTokenHash: 'h1' });
    // The old connection (epoch 0) no longer speaks for the patient; its close changes nothing.
    expect(
      room.apply({ type: 'leave', participantId: PATIENT, at: at(2) }, { participantId: PATIENT, epoch: 0 }),
    ).toEqual({
      ok: false,
      code: 'NOT_JOINED',
    });
    expect(effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, epoch: 0, at: at(2) }))).toEqual([]);
    expect(room.participant(PATIENT)?.isConnected).toBe(true);
  });

  it('resumes only with the token the room holds, and then replaces it', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'rejoin', participantId: PATIENT, at: at(1), takeOver: { resumeTokenHash: 'h1' } }));
    const stale = { type: 'resume', participantId: PATIENT, at: at(2), presentedTokenHash: 'h0' } as const;
    expect(room.apply({ ...stale, takeOver: { resumeTokenHash: 'h2' } })).toEqual({
      ok: false,
      code: 'RESUME_INVALID',
    });
    expect(room.participant(PATIENT)).toMatchObject({ epoch: 1, resumeTokenHash: 'h1' });
    effectsOf(room.apply({ ...stale, presentedTokenHash: 'h1', takeOver: { resumeTokenHash: 'h2' } }));
    expect(room.participant(PATIENT)).toMatchObject({ epoch: 2, resumeTokenHash: 'h2' });
  });

  it('refuses newcomers to a locked meeting before their row is made, and lets the host in', () => {
    const room = emptyRoom();
    expect(room.newcomerRefusal('patient')).toBeNull();
    const meeting = new Room({
      consultationId: pid(998),
      meshMax: 4,
      startedAt: null,
      endedAt: null,
      participants: [],
      policy: { directEntry: 'organisation-members', maxParticipants: 10 },
      isLocked: true,
    });
    expect(meeting.newcomerRefusal('colleague')).toBe('FORBIDDEN');
    expect(meeting.newcomerRefusal('host')).toBeNull();
    expect(meeting.apply({ type: 'join', participant: seed(3, 'colleague'), at: T0 })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('says who enters and leaves the call, after what they are told on entry and before on leaving', () => {
    const room = roomWithHostAndWaitingPatient();
    const admit = effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(1) }));
    expect(memberships(admit)).toEqual([[PATIENT, 'admitted']]);
    const admittedAt = admit.findIndex((e) => e.kind === 'notify' && e.to === PATIENT && e.notice.type === 'admitted');
    expect(admit.findIndex((e) => e.kind === 'membership')).toBeGreaterThan(admittedAt);

    const back = effectsOf(room.apply({ type: 'returnToWaiting', actorId: HOST, participantId: PATIENT, at: at(2) }));
    expect(memberships(back)).toEqual([[PATIENT, 'returnedToWaiting']]);
    const toldAt = back.findIndex((e) => e.kind === 'notify' && e.to === PATIENT);
    expect(back.findIndex((e) => e.kind === 'membership')).toBeLessThan(toldAt);

    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(3) }));
    expect(
      memberships(effectsOf(room.apply({ type: 'remove', actorId: HOST, participantId: PATIENT, at: at(4) }))),
    ).toEqual([[PATIENT, 'removed']]);
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: at(5) }));
    expect(memberships(effectsOf(room.apply({ type: 'end', actorId: HOST, at: at(6) })))).toEqual([
      [HOST, 'ended'],
      [pid(3), 'ended'],
    ]);
  });

  it('gives everyone disconnected a grace period: someone waiting then left, a member of the call away', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(1) }));
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: at(2) }));
    effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, at: at(3) }));
    effectsOf(room.apply({ type: 'disconnect', participantId: pid(3), at: at(3) }));
    expect(room.participant(PATIENT)?.isInGrace).toBe(true);
    expect(room.participant(pid(3))?.isInGrace).toBe(true);

    const away = effectsOf(room.apply({ type: 'graceExpired', participantId: PATIENT, at: at(33) }));
    expect(away).toEqual([{ kind: 'membership', participantId: PATIENT, change: 'away' }]);
    expect(room.participant(PATIENT)).toMatchObject({ state: 'admitted', isInGrace: false });
    // Stale: the grace already ended.
    expect(effectsOf(room.apply({ type: 'graceExpired', participantId: PATIENT, at: at(34) }))).toEqual([]);

    const left = effectsOf(room.apply({ type: 'graceExpired', participantId: pid(3), at: at(33) }));
    expect(memberships(left)).toEqual([[pid(3), 'left']]);
    expect(room.participant(pid(3))?.state).toBe('left');
  });

  it('knows who is in the call on which connection, for the SFU side', () => {
    const room = roomWithHostAndWaitingPatient();
    expect(room.members.isInCall(PATIENT)).toBe(false);
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(1) }));
    expect(room.members.isInCall(PATIENT, 0)).toBe(true);
    expect(room.members.isInCall(PATIENT, 1)).toBe(false);
    expect(room.members.inCall()).toEqual([HOST, PATIENT]);
    effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, at: at(2) }));
    expect(room.members.isInCall(PATIENT)).toBe(false);
  });

  it('writes only the columns a command really changes', () => {
    const room = roomWithHostAndWaitingPatient();
    const leave = effectsOf(room.apply({ type: 'leave', participantId: PATIENT, at: at(1) }));
    // waitingSince was set, so it is cleared; lastLeftAt stays (the patient was never in the call).
    expect(leave).toContainEqual({
      kind: 'persist',
      participantId: PATIENT,
      patch: { state: 'left', waitingSince: null },
    });
    const again = effectsOf(room.apply({ type: 'rejoin', participantId: PATIENT, at: at(1) }));
    expect(again.filter((e) => e.kind === 'persist')).toEqual([
      { kind: 'persist', participantId: PATIENT, patch: { state: 'waiting', waitingSince: at(1) } },
    ]);
  });

  it('caps a meeting on mesh (no SFU) at meshMax with MEETING_NEEDS_SFU, and one through the SFU at its policy', () => {
    const meeting = (media: 'mesh' | 'sfu') => {
      const room = new Room({
        consultationId: pid(998),
        meshMax: 2,
        startedAt: null,
        endedAt: null,
        participants: [],
        policy: { directEntry: 'hosts-only', maxParticipants: 50 },
        media,
      });
      effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
      for (const n of [2, 3]) effectsOf(room.apply({ type: 'join', participant: seed(n, 'colleague'), at: T0 }));
      effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: pid(2), at: at(1) }));
      return room;
    };
    const mesh = meeting('mesh');
    expect(mesh.capacity).toBe(2);
    expect(mesh.apply({ type: 'admit', actorId: HOST, participantId: pid(3), at: at(2) })).toEqual({
      ok: false,
      code: 'MEETING_NEEDS_SFU',
    });
    expect(mesh.participant(pid(3))?.state).toBe('waiting');
    const sfu = meeting('sfu');
    expect(sfu.capacity).toBe(50);
    expect(sfu.apply({ type: 'admit', actorId: HOST, participantId: pid(3), at: at(2) }).ok).toBe(true);
    // A consultation is mesh by nature: full is full.
    const consultation = roomWithHostAndWaitingPatient(2);
    effectsOf(consultation.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(1) }));
    effectsOf(consultation.apply({ type: 'join', participant: seed(3, 'patient'), at: at(2) }));
    expect(consultation.apply({ type: 'admit', actorId: HOST, participantId: pid(3), at: at(3) })).toEqual({
      ok: false,
      code: 'ROOM_FULL',
    });
  });
});
