import type { ParticipantView } from '@samtale/protocol';
import type { RoomParticipant } from './types.ts';

/** True for the states in which a participant is present in the consultation (call or waiting room). */
export function isPresent(p: RoomParticipant): boolean {
  return p.state === 'waiting' || p.state === 'admitted';
}

function toView(p: RoomParticipant): ParticipantView {
  return {
    id: p.id,
    displayName: p.displayName,
    role: p.role,
    identity: p.identity,
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
export function rosterFor(viewer: RoomParticipant, participants: Iterable<RoomParticipant>): ParticipantView[] {
  const isHost = viewer.role === 'host';
  const views: ParticipantView[] = [];
  for (const p of participants) {
    if (p.state === 'admitted' || (isHost && p.state === 'waiting')) views.push(toView(p));
  }
  return views;
}
