/**
 * How many may be in a room's call, and who may take a seat without waiting: rules of the room's
 * kind (its entry policy), its media (mesh or SFU) and meshMax, apart from its state.
 */
import type { ErrorCode, MediaMode } from '@samtale/protocol';
import type { EntryPolicy, RoomParticipant } from './types.ts';

export interface SeatRules {
  readonly policy: EntryPolicy | null;
  readonly media: MediaMode;
  readonly meshMax: number;
}

/**
 * Most participants admitted at once: the meeting's policy, or meshMax for a consultation; a
 * meeting on mesh (no SFU) no more than meshMax either, as every pair holds a connection.
 */
export function capacityOf(r: SeatRules): number {
  const max = r.policy?.maxParticipants ?? r.meshMax;
  return r.media === 'mesh' ? Math.min(max, r.meshMax) : max;
}

/**
 * Why nobody more may be admitted: ROOM_FULL, or MEETING_NEEDS_SFU when only the lack of an
 * SFU holds a meeting at meshMax (its policy would allow more; the operator can add Janus).
 */
export function fullCodeOf(r: SeatRules): ErrorCode {
  const isHeldByMesh = r.policy !== null && r.media === 'mesh' && r.policy.maxParticipants > r.meshMax;
  return isHeldByMesh ? 'MEETING_NEEDS_SFU' : 'ROOM_FULL';
}

/**
 * Where someone arriving goes: hosts into the call; organisation members of a meeting whose
 * policy lets them in directly, into the call while there is room; everyone else waits
 * (guests with a link always wait for a host).
 */
export function entryStateOf(
  r: SeatRules,
  admittedCount: number,
  p: Pick<RoomParticipant, 'role' | 'userId'>,
): 'waiting' | 'admitted' {
  if (p.role === 'host') return 'admitted';
  const isMember = p.userId !== null;
  const isDirect = isMember && r.policy?.directEntry === 'organisation-members';
  return isDirect && admittedCount < capacityOf(r) ? 'admitted' : 'waiting';
}
