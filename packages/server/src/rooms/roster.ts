import type { Identification, ParticipantView } from '@samtale/protocol';
import type { RoomEffects } from './RoomEffects.ts';
import type { RoomNotice, RoomParticipant } from './types.ts';
import { seatHolderOf } from './other-device.ts';

/** True for the states in which a participant is present in the consultation (call or waiting room). */
export function isPresent(p: RoomParticipant): boolean {
  return p.state === 'waiting' || p.state === 'admitted';
}

/**
 * An identification as a viewer may see it: hosts see it all; everyone else neither an
 * ID-porten patient's birth date nor whether they are the expected patient (issue 8: that is
 * for the clinician to judge). Like who waits, these stay with hosts.
 */
export function identificationFor(i: Identification, isViewerHost: boolean): Identification {
  if (isViewerHost || i.kind !== 'idporten') return i;
  return { kind: 'idporten', level: i.level };
}

function toView(p: RoomParticipant, all: Iterable<RoomParticipant>, isViewerHost: boolean): ParticipantView {
  const seatHolder = p.state === 'waiting' ? seatHolderOf(p, all) : undefined;
  return {
    ...(seatHolder === undefined ? {} : { otherDeviceOf: seatHolder.id }),
    id: p.id,
    displayName: p.displayName,
    role: p.role,
    identification: identificationFor(p.identification, isViewerHost),
    state: p.state === 'admitted' ? 'admitted' : 'waiting',
    isConnected: p.isConnected,
    isAudioOn: p.isAudioOn,
    isVideoOn: p.isVideoOn,
    waitingSince: p.state === 'waiting' && p.waitingSince !== null ? p.waitingSince.toISOString() : null,
  };
}

/**
 * The roster as `viewer` may see it: hosts see the call and the waiting room; everyone else
 * sees only the admitted members, because who waits is none of their business.
 */
export function rosterFor(viewer: RoomParticipant, participants: readonly RoomParticipant[]): ParticipantView[] {
  const isHost = viewer.role === 'host';
  const views: ParticipantView[] = [];
  for (const p of participants) {
    if (p.state === 'admitted' || (isHost && p.state === 'waiting')) views.push(toView(p, participants, isHost));
  }
  return views;
}

export function rosterNotice(
  viewer: RoomParticipant,
  all: Iterable<RoomParticipant>,
  startedAt: Date | null,
): RoomNotice {
  return { type: 'roster', participants: rosterFor(viewer, [...all]), startedAt };
}

/** Tells a connected participant where it stands: waiting, or in the call with the roster. */
export function greet(
  fx: RoomEffects,
  p: RoomParticipant,
  all: Iterable<RoomParticipant>,
  startedAt: Date | null,
): void {
  if (p.state === 'admitted') {
    fx.notify(p.id, { type: 'admitted' });
    fx.notify(p.id, rosterNotice(p, all, startedAt));
    // After the notices: what follows the membership (the meeting's feeds) comes after `admitted`.
    fx.membership(p.id, 'admitted');
  } else if (p.state === 'waiting' && p.waitingSince !== null) {
    fx.notify(p.id, { type: 'waiting', since: p.waitingSince });
  }
}

/** A fresh roster for every connected admitted member (except one that was just greeted). */
export function broadcastRoster(
  fx: RoomEffects,
  participants: Iterable<RoomParticipant>,
  startedAt: Date | null,
  exceptId?: string,
): void {
  const all = [...participants];
  for (const p of all) {
    if (p.state === 'admitted' && p.isConnected && p.id !== exceptId) fx.notify(p.id, rosterNotice(p, all, startedAt));
  }
}
