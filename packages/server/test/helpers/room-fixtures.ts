/** Builders shared by the room tests (not a test file itself). */
import type { ParticipantRole } from '@samtale/protocol';
import { Room } from '../../src/rooms/Room.ts';
import type { ParticipantSeed, RoomEffect, RoomNotice, RoomResult } from '../../src/rooms/types.ts';

export const T0 = new Date('2025-01-01T10:00:00.000Z');

/** A deterministic UUID-shaped id from a small number. */
export function pid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

export function seed(n: number, role: ParticipantRole, name = `P${n}`): ParticipantSeed {
  return {
    id: pid(n),
    role,
    displayName: name,
    identification: role === 'host' ? { kind: 'local-account', hasPasskey: false } : { kind: 'invitation-link' },
    state: 'left',
    waitingSince: null,
    firstJoinedAt: null,
    lastLeftAt: null,
  };
}

export function emptyRoom(meshMax = 4): Room {
  return new Room({ consultationId: pid(999), meshMax, startedAt: null, endedAt: null, participants: [] });
}

export function effectsOf(result: RoomResult): RoomEffect[] {
  if (!result.ok) throw new Error(`refused with ${result.code}`);
  return result.effects;
}

/** Notices addressed to `to`, in order. */
export function noticesTo(effects: readonly RoomEffect[], to: string): RoomNotice[] {
  return effects.flatMap((e) => (e.kind === 'notify' && e.to === to ? [e.notice] : []));
}

export function typesTo(effects: readonly RoomEffect[], to: string): string[] {
  return noticesTo(effects, to).map((n) => n.type);
}

/** A room with a connected, admitted host (1) and a connected waiting patient (2). */
export function roomWithHostAndWaitingPatient(meshMax = 4): Room {
  const room = emptyRoom(meshMax);
  effectsOf(room.apply({ type: 'join', participant: seed(1, 'host'), at: T0 }));
  effectsOf(room.apply({ type: 'join', participant: seed(2, 'patient'), at: T0 }));
  return room;
}
