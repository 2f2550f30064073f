/** Turns the room's notices (with Dates) into protocol messages (ISO timestamps, ICE servers). */
import type { IceServer, MediaMode, ParticipantState, ServerMessage } from '@samtale/protocol';
import type { RoomNotice } from '../rooms/types.ts';
import type { ParticipantSeed } from '../rooms/types.ts';
import type { ParticipantRow } from '../storage/types.ts';

export function toServerMessage(
  notice: RoomNotice,
  /** `mode`: a meeting's media (absent for a consultation). */
  media: { iceServers: () => IceServer[]; meshMax: number; mode?: MediaMode },
): ServerMessage {
  switch (notice.type) {
    case 'waiting':
      return { type: 'waiting', since: notice.since.toISOString() };
    case 'hostMessage':
      return { type: 'hostMessage', text: notice.text, sentAt: notice.sentAt.toISOString() };
    case 'admitted':
      // Consultations keep the message they always had (mesh, unsaid); meetings always say how
      // their media travels: through the SFU, or peer to peer when the server has none.
      return media.mode === undefined
        ? { type: 'admitted', iceServers: media.iceServers(), meshMax: media.meshMax }
        : { type: 'admitted', iceServers: media.iceServers(), meshMax: media.meshMax, media: media.mode };
    case 'roster':
      return { type: 'roster', participants: notice.participants, startedAt: notice.startedAt?.toISOString() ?? null };
    case 'signal':
      return { type: 'signal', from: notice.from, data: notice.data };
    case 'declined':
      return notice.reason === undefined ? { type: 'declined' } : { type: 'declined', reason: notice.reason };
    case 'returnedToWaiting':
      return { type: 'returnedToWaiting' };
    case 'removed':
      return { type: 'removed' };
    case 'ended':
      return { type: 'ended', endedAt: notice.endedAt.toISOString() };
    case 'locked':
      return { type: 'locked', isLocked: notice.isLocked };
    case 'superseded':
      return { type: 'superseded' };
  }
}

/** The room's view of a stored participant. */
export function seedFromRow(row: ParticipantRow): ParticipantSeed {
  return {
    id: row.id,
    role: row.role,
    displayName: row.displayName,
    identification: row.identification,
    state: row.state satisfies ParticipantState,
    waitingSince: row.waitingSince,
    firstJoinedAt: row.firstJoinedAt,
    lastLeftAt: row.lastLeftAt,
    userId: row.userId,
    linkId: row.invitationId,
    connectionEpoch: row.connectionEpoch,
    resumeTokenHash: row.resumeTokenHash,
  };
}
