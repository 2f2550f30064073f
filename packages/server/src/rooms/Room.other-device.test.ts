/** A link opened on another device while its holder is in the call (issue 8): the host decides. */
import { describe, expect, it } from 'vitest';
import type { Room } from './Room.ts';
import type { ParticipantSeed } from './types.ts';
import { effectsOf, emptyRoom, noticesTo, pid, seed, T0, typesTo } from '../../test/helpers/room-fixtures.ts';

const HOST = pid(1);
const PHONE = pid(2);
const LAPTOP = pid(3);
const LINK = pid(500);
const at = (s: number) => new Date(T0.getTime() + s * 1000);

const withLink = (s: ParticipantSeed): ParticipantSeed => ({ ...s, linkId: LINK });

/** Host in the call, the patient admitted on the phone, the same link opened on a laptop (waiting). */
function roomWithOtherDevice(meshMax = 4): Room {
  const room = emptyRoom(meshMax);
  effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
  effectsOf(room.apply({ type: 'join', participant: withLink(seed(2, 'patient', 'Kari')), at: T0 }));
  effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PHONE, at: at(1) }));
  expect(room.reopenedLink(PHONE)).toBe('otherDevice');
  effectsOf(room.apply({ type: 'join', participant: withLink(seed(3, 'patient', 'Ola')), at: at(2) }));
  return room;
}

describe('Room: a link opened on another device', () => {
  it('lets the holder take its own place back while it waits, but not while it is in the call', () => {
    const room = emptyRoom();
    effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
    effectsOf(room.apply({ type: 'join', participant: withLink(seed(2, 'patient')), at: T0 }));
    expect(room.reopenedLink(PHONE)).toBe('takeOver');
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PHONE, at: at(1) }));
    expect(room.reopenedLink(PHONE)).toBe('otherDevice');
  });

  it('keeps the other device waiting with nothing about the call, and shows the host that it is the same link', () => {
    const room = emptyRoom();
    effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
    effectsOf(room.apply({ type: 'join', participant: withLink(seed(2, 'patient', 'Kari')), at: T0 }));
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: PHONE, at: at(1) }));
    const effects = effectsOf(
      room.apply({ type: 'join', participant: withLink(seed(3, 'patient', 'Ola')), at: at(2) }),
    );
    expect(room.participant(LAPTOP)?.state).toBe('waiting');
    expect(typesTo(effects, LAPTOP)).toEqual(['waiting']);
    const hostRoster = noticesTo(effects, HOST).find((n) => n.type === 'roster');
    expect(hostRoster?.type === 'roster' && hostRoster.participants.find((p) => p.id === LAPTOP)).toMatchObject({
      state: 'waiting',
      otherDeviceOf: PHONE,
    });
    // The patient in the call does not see who waits.
    const phoneRoster = noticesTo(effects, PHONE).find((n) => n.type === 'roster');
    expect(phoneRoster?.type === 'roster' && phoneRoster.participants.map((p) => p.id)).not.toContain(LAPTOP);
    expect(room.participant(PHONE)?.state).toBe('admitted');
  });

  it('on admit passes the seat: the new device is in the call, the first is superseded and leaves, and the link is the new one', () => {
    const room = roomWithOtherDevice();
    const effects = effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: LAPTOP, at: at(3) }));
    expect(room.participant(LAPTOP)?.state).toBe('admitted');
    expect(room.participant(PHONE)?.state).toBe('left');
    expect(typesTo(effects, PHONE)).toEqual(['superseded']);
    expect(effects).toContainEqual({ kind: 'disconnect', participantId: PHONE });
    expect(effects).toContainEqual({ kind: 'membership', participantId: PHONE, change: 'left' });
    expect(effects).toContainEqual({ kind: 'linkHeld', linkId: LINK, participantId: LAPTOP });
    expect(typesTo(effects, LAPTOP)).toEqual(['admitted', 'roster']);
    const roster = noticesTo(effects, LAPTOP).find((n) => n.type === 'roster');
    expect(roster?.type === 'roster' && roster.participants.map((p) => p.id).sort()).toEqual([HOST, LAPTOP].sort());
  });

  it('takes the seat even in a full call (it replaces one, it does not add one)', () => {
    const room = roomWithOtherDevice(2);
    effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: LAPTOP, at: at(3) }));
    expect(room.admittedCount).toBe(2);
  });

  it('on decline refuses the new device and leaves the patient in the call untouched', () => {
    const room = roomWithOtherDevice();
    const effects = effectsOf(room.apply({ type: 'decline', actorId: HOST, participantId: LAPTOP, at: at(3) }));
    expect(room.participant(LAPTOP)?.state).toBe('declined');
    expect(room.participant(PHONE)?.state).toBe('admitted');
    expect(typesTo(effects, PHONE)).toEqual(['roster']);
    expect(effects.some((e) => e.kind === 'linkHeld')).toBe(false);
  });

  it('is an ordinary waiting guest once the first device has left the call', () => {
    const room = roomWithOtherDevice();
    effectsOf(room.apply({ type: 'leave', participantId: PHONE, at: at(3) }));
    const effects = effectsOf(room.apply({ type: 'admit', actorId: HOST, participantId: LAPTOP, at: at(4) }));
    expect(typesTo(effects, PHONE)).toEqual([]);
    expect(effects).toContainEqual({ kind: 'linkHeld', linkId: LINK, participantId: LAPTOP });
  });

  it('still resumes the device in the call straight into the call (its own resume token)', () => {
    const room = roomWithOtherDevice();
    effectsOf(room.apply({ type: 'disconnect', participantId: PHONE, at: at(3) }));
    const effects = effectsOf(
      room.apply({ type: 'resume', participantId: PHONE, at: at(4), takeOver: { resumeTokenHash: 'new' } }),
    );
    expect(effects).toContainEqual(
      expect.objectContaining({ kind: 'welcome', participantId: PHONE, state: 'admitted' }),
    );
    expect(room.participant(LAPTOP)?.state).toBe('waiting');
  });
});
