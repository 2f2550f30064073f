/**
 * The room's commands about someone already there: their connection dropped, their camera or
 * microphone changed, or they signal a peer. None of them changes who is in the call.
 */
import type { ParticipantTable } from './ParticipantTable.ts';
import { refuse } from './refusal.ts';
import type { RoomEffects } from './RoomEffects.ts';
import { isPresent } from './roster.ts';
import type { RoomCommandOf } from './types.ts';

/** The socket closed without `leave`: the grace period starts (ignored for a superseded connection). */
export function disconnect(
  participants: ParticipantTable,
  c: RoomCommandOf<'disconnect'>,
  broadcastRoster: () => void,
): void {
  const p = participants.get(c.participantId);
  // A connection that another one took over closing says nothing about the participant.
  if (!p.isConnected || (c.epoch !== undefined && c.epoch !== p.epoch)) return;
  p.isConnected = false;
  p.isInGrace = isPresent(p);
  if (isPresent(p)) broadcastRoster();
}

export function mediaState(
  participants: ParticipantTable,
  c: RoomCommandOf<'mediaState'>,
  broadcastRoster: () => void,
): void {
  const p = participants.get(c.participantId);
  if (!isPresent(p)) refuse('INVALID_STATE');
  p.isAudioOn = c.isAudioOn;
  p.isVideoOn = c.isVideoOn;
  if (p.state === 'admitted') broadcastRoster();
}

/** Relays a signal between two members of the call, and only between them. */
export function relaySignal(participants: ParticipantTable, fx: RoomEffects, c: RoomCommandOf<'signal'>): void {
  const from = participants.get(c.from);
  if (from.state !== 'admitted') refuse('INVALID_STATE');
  const to = participants.find(c.to);
  // Same answer for "unknown" and "not admitted": a sender learns nothing about the waiting room.
  if (to === undefined || to.state !== 'admitted' || to.id === from.id) refuse('PARTICIPANT_NOT_FOUND');
  fx.notify(to.id, { type: 'signal', from: from.id, data: c.data });
}
