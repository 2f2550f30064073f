/**
 * A link opened on another device while its holder is in the call (issue 8: a forwarded link
 * took the admitted patient's seat at once, and the host saw nothing). The newcomer waits as a
 * participant of its own, marked as the same link's other device; the host decides: admitting it
 * passes the seat (the device in the call is superseded), declining it leaves the seat where it is.
 * The same device coming back (resume token) never passes through here.
 */
import type { RoomEffects } from './RoomEffects.ts';
import type { RoomParticipant } from './types.ts';

/** How a known link holder who opens the link again arrives: take over its own place, or wait as another device. */
export type ReopenedLink = 'takeOver' | 'otherDevice';

/** The holder is in the call: a new device with the link must not take the seat without the host. */
export function reopenedLinkEntry(holder: Pick<RoomParticipant, 'state'>): ReopenedLink {
  return holder.state === 'admitted' ? 'otherDevice' : 'takeOver';
}

/**
 * The participant in the call on the same link as `p` (someone else), if any: the seat `p` would
 * take when admitted. Only link participants have one.
 */
export function seatHolderOf(p: RoomParticipant, all: Iterable<RoomParticipant>): RoomParticipant | undefined {
  if (p.linkId === null) return undefined;
  for (const other of all) {
    if (other.id !== p.id && other.linkId === p.linkId && other.state === 'admitted') return other;
  }
  return undefined;
}

/**
 * `p` was admitted: a link participant's link is its own from now on, and whoever held that seat
 * in the call (the device the link was opened on first) is superseded and leaves (`depart`).
 */
export function passSeat(
  fx: RoomEffects,
  p: RoomParticipant,
  all: Iterable<RoomParticipant>,
  actorId: string,
  depart: (previous: RoomParticipant) => void,
): void {
  if (p.linkId === null) return;
  const previous = seatHolderOf(p, all);
  if (previous !== undefined) {
    depart(previous);
    fx.audit('left', actorId, previous.id);
    fx.notify(previous.id, { type: 'superseded' });
    fx.push({ kind: 'disconnect', participantId: previous.id });
  }
  fx.push({ kind: 'linkHeld', linkId: p.linkId, participantId: p.id });
}
