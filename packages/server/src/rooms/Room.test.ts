import { describe, expect, it } from 'vitest';
import { Room } from './Room.ts';
import {
  effectsOf,
  emptyRoom,
  noticesTo,
  pid,
  roomWithHostAndWaitingPatient,
  seed,
  T0,
  typesTo,
} from '../../test/helpers/room-fixtures.ts';

const HOST = pid(1);
const PATIENT = pid(2);
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe('Room: arriving', () => {
  it('puts a patient who arrives before the host in the waiting room and tells them nothing else', () => {
    const room = emptyRoom();
    const effects = effectsOf(room.apply({ type: 'join', participant: seed(2, 'patient'), at: T0 }));
    expect(room.participant(PATIENT)?.state).toBe('waiting');
    expect(noticesTo(effects, PATIENT)).toEqual([{ type: 'waiting', since: T0 }]);
    expect(effects).toContainEqual({
      kind: 'persist',
      participantId: PATIENT,
      patch: { state: 'waiting', waitingSince: T0 },
    });
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'waiting',
      actorParticipantId: PATIENT,
      subjectParticipantId: PATIENT,
    });
    expect(effects).toContainEqual({ kind: 'dashboardChanged' });
  });

  it('admits the host at once and shows the host who is waiting', () => {
    const room = emptyRoom();
    effectsOf(room.apply({ type: 'join', participant: seed(2, 'patient'), at: T0 }));
    const effects = effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: at(1) }));
    expect(typesTo(effects, HOST)).toEqual(['admitted', 'roster']);
    const roster = noticesTo(effects, HOST)[1];
    expect(roster?.type === 'roster' && roster.participants.map((p) => [p.id, p.state])).toEqual([
      [PATIENT, 'waiting'],
      [HOST, 'admitted'],
    ]);
    expect(typesTo(effects, PATIENT)).toEqual([]);
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'joined',
      actorParticipantId: HOST,
      subjectParticipantId: HOST,
    });
  });

  it('refuses a second join of an id the room already knows', () => {
    const room = roomWithHostAndWaitingPatient();
    expect(room.apply({ type: 'join', participant: seed(2, 'patient'), at: T0 })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('sends a new waiting person to the host only, not to admitted non-hosts', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(1) }));
    const effects = effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: at(2) }));
    const patientRoster = noticesTo(effects, PATIENT)[0];
    expect(patientRoster?.type === 'roster' && patientRoster.participants.map((p) => p.id)).toEqual([HOST, PATIENT]);
    const hostRoster = noticesTo(effects, HOST)[0];
    expect(hostRoster?.type === 'roster' && hostRoster.participants.map((p) => p.id)).toContain(pid(3));
  });
});

describe('Room: host actions', () => {
  it('admits a waiting patient, sends them admitted and the roster, and starts the consultation', () => {
    const room = roomWithHostAndWaitingPatient();
    const effects = effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(5) }));
    expect(room.participant(PATIENT)?.state).toBe('admitted');
    expect(typesTo(effects, PATIENT)).toEqual(['admitted', 'roster']);
    expect(typesTo(effects, HOST)).toEqual(['roster']);
    expect(effects).toContainEqual({ kind: 'started', at: at(5) });
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'admitted',
      actorParticipantId: HOST,
      subjectParticipantId: PATIENT,
    });
    expect(effects).toContainEqual({
      kind: 'persist',
      participantId: PATIENT,
      patch: { state: 'admitted', waitingSince: null, firstJoinedAt: at(5) },
    });
    expect(room.startedAt).toEqual(at(5));
  });

  it('starts the consultation only once', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: at(5) }));
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: at(6) }));
    const effects = effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: pid(3), at: at(7) }));
    expect(effects.some((e) => e.kind === 'started')).toBe(false);
  });

  it('refuses host actions from a patient with NOT_HOST and changes nothing', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: T0 }));
    for (const type of ['admit', 'decline', 'returnToWaiting', 'remove'] as const) {
      expect(room.apply({ type, actorId: PATIENT, participantId: pid(3), at: T0 })).toEqual({
        ok: false,
        code: 'NOT_HOST',
      });
    }
    expect(room.apply({ type: 'messageWaiting', actorId: PATIENT, participantId: pid(3), text: 'hi', at: T0 })).toEqual(
      {
        ok: false,
        code: 'NOT_HOST',
      },
    );
    expect(room.apply({ type: 'end', actorId: PATIENT, at: T0 })).toEqual({ ok: false, code: 'NOT_HOST' });
    expect(room.participant(pid(3))?.state).toBe('waiting');
    expect(room.isEnded).toBe(false);
  });

  it('refuses to admit beyond MESH_MAX with ROOM_FULL', () => {
    const room = roomWithHostAndWaitingPatient(2);
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'interpreter'), at: T0 }));
    expect(room.apply({ type: 'admit', actorId: HOST, participantId: pid(3), at: T0 })).toEqual({
      ok: false,
      code: 'ROOM_FULL',
    });
    expect(room.admittedCount).toBe(2);
  });

  it('refuses to admit someone who is not waiting with INVALID_STATE, and an unknown id with PARTICIPANT_NOT_FOUND', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    expect(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
    expect(room.apply({ type: 'admit', actorId: HOST, participantId: pid(77), at: T0 })).toEqual({
      ok: false,
      code: 'PARTICIPANT_NOT_FOUND',
    });
  });

  it('declines a waiting patient with the reason and closes their connection', () => {
    const room = roomWithHostAndWaitingPatient();
    const effects = effectsOf(
      room.apply({ type: 'decline', actorId: HOST, participantId: PATIENT, reason: 'Wrong day', at: T0 }),
    );
    expect(noticesTo(effects, PATIENT)).toEqual([{ type: 'declined', reason: 'Wrong day' }]);
    expect(effects).toContainEqual({ kind: 'disconnect', participantId: PATIENT });
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'declined',
      actorParticipantId: HOST,
      subjectParticipantId: PATIENT,
    });
    expect(room.participant(PATIENT)?.state).toBe('declined');
  });

  it('declines without a reason when none is given', () => {
    const room = roomWithHostAndWaitingPatient();
    const effects = effectsOf(room.apply({ type: 'decline', actorId: HOST, participantId: PATIENT, at: T0 }));
    expect(noticesTo(effects, PATIENT)).toEqual([{ type: 'declined' }]);
  });

  it('passes a host message to a waiting person without storing or auditing it', () => {
    const room = roomWithHostAndWaitingPatient();
    const effects = effectsOf(
      room.apply({ type: 'messageWaiting', actorId: HOST, participantId: PATIENT, text: 'Ten minutes', at: T0 }),
    );
    expect(effects).toEqual([
      { kind: 'notify', to: PATIENT, notice: { type: 'hostMessage', text: 'Ten minutes', sentAt: T0 } },
    ]);
  });

  it('sends an admitted patient back to the waiting room, where they get no more roster', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    const effects = effectsOf(
      room.apply({ type: 'returnToWaiting', actorId: HOST, participantId: PATIENT, at: at(9) }),
    );
    expect(typesTo(effects, PATIENT)).toEqual(['returnedToWaiting', 'waiting']);
    expect(room.participant(PATIENT)?.state).toBe('waiting');
    const signal = room.apply({
      type: 'signal',
      from: HOST,
      to: PATIENT,
      data: { kind: 'candidate', candidate: null },
    });
    expect(signal).toEqual({ ok: false, code: 'PARTICIPANT_NOT_FOUND' });
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'returned_to_waiting',
      actorParticipantId: HOST,
      subjectParticipantId: PATIENT,
    });
  });

  it('refuses to send the host to the waiting room or remove the host', () => {
    const room = roomWithHostAndWaitingPatient();
    expect(room.apply({ type: 'returnToWaiting', actorId: HOST, participantId: HOST, at: T0 })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
    expect(room.apply({ type: 'remove', actorId: HOST, participantId: HOST, at: T0 })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('removes an admitted participant, records when they left, and tells the rest', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    const effects = effectsOf(room.apply({ type: 'remove', actorId: HOST, participantId: PATIENT, at: at(30) }));
    expect(typesTo(effects, PATIENT)).toEqual(['removed']);
    expect(room.participant(PATIENT)).toMatchObject({ state: 'removed', lastLeftAt: at(30) });
    const hostRoster = noticesTo(effects, HOST)[0];
    expect(hostRoster?.type === 'roster' && hostRoster.participants.map((p) => p.id)).toEqual([HOST]);
  });

  it('ends the consultation for everyone present and then refuses everything', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'join', participant: seed(3, 'relative'), at: T0 }));
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    const effects = effectsOf(room.apply({ type: 'end', actorId: HOST, at: at(60) }));
    for (const id of [HOST, PATIENT, pid(3)])
      expect(noticesTo(effects, id)).toEqual([{ type: 'ended', endedAt: at(60) }]);
    expect(effects).toContainEqual({ kind: 'ended', at: at(60) });
    expect(effects.filter((e) => e.kind === 'audit')).toEqual([
      { kind: 'audit', action: 'ended', actorParticipantId: HOST, subjectParticipantId: null },
    ]);
    expect(room.isEnded).toBe(true);
    expect(room.apply({ type: 'join', participant: seed(4, 'patient'), at: T0 })).toEqual({
      ok: false,
      code: 'CONSULTATION_ENDED',
    });
    expect(room.apply({ type: 'resume', participantId: PATIENT, at: T0 })).toEqual({
      ok: false,
      code: 'CONSULTATION_ENDED',
    });
  });
});

describe('Room: connections', () => {
  it('keeps an admitted participant admitted across a disconnect and a resume', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    const dropped = effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, at: at(1) }));
    const hostRoster = noticesTo(dropped, HOST)[0];
    expect(hostRoster?.type === 'roster' && hostRoster.participants.find((p) => p.id === PATIENT)?.isConnected).toBe(
      false,
    );
    const resumed = effectsOf(room.apply({ type: 'resume', participantId: PATIENT, at: at(2) }));
    expect(typesTo(resumed, PATIENT)).toEqual(['admitted', 'roster']);
    expect(resumed.some((e) => e.kind === 'persist' || e.kind === 'audit')).toBe(false);
  });

  it('rebuilds an admitted participant from storage so that a resume after a restart needs no new admit', () => {
    const room = new Room({
      consultationId: pid(999),
      meshMax: 4,
      startedAt: T0,
      endedAt: null,
      participants: [
        { ...seed(1, 'host'), state: 'admitted' },
        { ...seed(2, 'patient'), state: 'admitted' },
      ],
    });
    expect(room.participant(PATIENT)?.isConnected).toBe(false);
    const effects = effectsOf(room.apply({ type: 'resume', participantId: PATIENT, at: at(1) }));
    expect(typesTo(effects, PATIENT)).toEqual(['admitted', 'roster']);
  });

  it('marks a waiting participant left when their grace period expires while disconnected', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, at: T0 }));
    const effects = effectsOf(room.apply({ type: 'graceExpired', participantId: PATIENT, at: at(30) }));
    expect(room.participant(PATIENT)?.state).toBe('left');
    expect(effects).toContainEqual({
      kind: 'audit',
      action: 'left',
      actorParticipantId: null,
      subjectParticipantId: PATIENT,
    });
  });

  it('ignores a stale grace timer when the waiting participant came back', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'disconnect', participantId: PATIENT, at: T0 }));
    effectsOf(room.apply({ type: 'resume', participantId: PATIENT, at: at(1) }));
    expect(effectsOf(room.apply({ type: 'graceExpired', participantId: PATIENT, at: at(30) }))).toEqual([]);
    expect(room.participant(PATIENT)?.state).toBe('waiting');
  });

  it('lets a person who left knock again through the waiting room, but refuses to resume someone declined', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'leave', participantId: PATIENT, at: T0 }));
    const effects = effectsOf(room.apply({ type: 'rejoin', participantId: PATIENT, at: at(3) }));
    expect(noticesTo(effects, PATIENT)).toEqual([{ type: 'waiting', since: at(3) }]);
    effectsOf(room.apply({ type: 'decline', actorId: HOST, participantId: PATIENT, at: at(4) }));
    expect(room.apply({ type: 'resume', participantId: PATIENT, at: at(5) })).toEqual({
      ok: false,
      code: 'RESUME_INVALID',
    });
  });

  it('refuses to leave twice', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'leave', participantId: PATIENT, at: T0 }));
    expect(room.apply({ type: 'leave', participantId: PATIENT, at: T0 })).toEqual({ ok: false, code: 'INVALID_STATE' });
  });
});

describe('Room: media and signals', () => {
  it('relays a signal between admitted members only', () => {
    const room = roomWithHostAndWaitingPatient();
    const data = { kind: 'description', description: { type: 'offer', sdp: 'v=0' } } as const;
    expect(room.apply({ type: 'signal', from: HOST, to: PATIENT, data })).toEqual({
      ok: false,
      code: 'PARTICIPANT_NOT_FOUND',
    });
    expect(room.apply({ type: 'signal', from: PATIENT, to: HOST, data })).toEqual({ ok: false, code: 'INVALID_STATE' });
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    expect(effectsOf(room.apply({ type: 'signal', from: HOST, to: PATIENT, data }))).toEqual([
      { kind: 'notify', to: PATIENT, notice: { type: 'signal', from: HOST, data } },
    ]);
    expect(room.apply({ type: 'signal', from: HOST, to: HOST, data })).toEqual({
      ok: false,
      code: 'PARTICIPANT_NOT_FOUND',
    });
  });

  it('shows media flags of admitted members in the roster', () => {
    const room = roomWithHostAndWaitingPatient();
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PATIENT, at: T0 }));
    const effects = effectsOf(
      room.apply({ type: 'mediaState', participantId: PATIENT, isAudioOn: false, isVideoOn: true }),
    );
    const roster = noticesTo(effects, HOST)[0];
    expect(roster?.type === 'roster' && roster.participants.find((p) => p.id === PATIENT)).toMatchObject({
      isAudioOn: false,
      isVideoOn: true,
    });
  });

  it('accepts media flags from a waiting person without telling anyone', () => {
    const room = roomWithHostAndWaitingPatient();
    expect(
      effectsOf(room.apply({ type: 'mediaState', participantId: PATIENT, isAudioOn: false, isVideoOn: false })),
    ).toEqual([]);
  });
});
