/**
 * What the SFU side may know about a meeting's members, as the application layer (the room
 * registry) answers it. The SFU side holds no membership of its own: it asks here before it opens
 * a Janus session, and every media-plane message it sends goes through `deliver`, which checks
 * the room's state at the moment of delivery.
 */
import type { ServerMessageOf } from '@samtale/protocol';

/** The connection an SFU request came through. */
export interface MemberConnection {
  meetingId: string;
  participantId: string;
  epoch: number;
}

/** A participant's place in the call changed (the room's membership effect). */
export type MembershipChangeKind =
  'admitted' | 'returnedToWaiting' | 'declined' | 'removed' | 'left' | 'ended' | 'away';

/** Media-plane messages: they carry SDP, ICE candidates, feed ids or keyframe state of the call. */
export type MediaPlaneMessage = ServerMessageOf<
  'sfuAnswer' | 'sfuSubscriberOffer' | 'sfuTrickle' | 'sfuFeeds' | 'sfuReset'
>;

export interface MeetingMembers {
  /**
   * Resolves when `c` may use the meeting's SFU (a meeting, admitted, on its current connection);
   * otherwise rejects with a coded AppError. Loads the room when it is not in memory.
   */
  ready(c: MemberConnection): Promise<void>;
  /** The same rule, synchronously, on the room in memory (false when it is not). */
  isInCall(meetingId: string, participantId: string, epoch?: number): boolean;
  /** Everyone in the meeting's call on a live connection. */
  inCall(meetingId: string): readonly string[];
  /** Sends `message` to `to` if, as it is sent, `to` is still in the call; drops it otherwise. */
  deliver(meetingId: string, to: string, message: MediaPlaneMessage): Promise<void>;
  /** Calls `onChange` for each membership change in the meeting (from any node) until `signal` aborts. */
  watch(
    meetingId: string,
    onChange: (participantId: string, change: MembershipChangeKind) => void,
    signal: AbortSignal,
  ): void;
}
