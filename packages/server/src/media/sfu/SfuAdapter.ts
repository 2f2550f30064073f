/**
 * What the signaling layer needs from an SFU, independent of Janus and janode: rooms, and per
 * admitted participant one publisher and one subscriber peer connection on the SFU side. The
 * janode implementation is JanusPool (+ JanusRoom, JanusParticipant).
 */
import type {
  FeedView,
  IceCandidate,
  SessionDescription,
  SubscriberStream,
  Substream,
  SfuTarget,
} from '@samtale/protocol';
import type { TypedEvents } from './typed-events.ts';

export interface SfuAdapterEvents extends Record<string, unknown> {
  /** An SFU instance died: its rooms and handles are gone. */
  sfuDied: { instanceId: string };
  /** An SFU instance is (again) ready to host rooms. */
  sfuReady: { instanceId: string };
}

export interface SfuAdapter {
  readonly events: TypedEvents<SfuAdapterEvents>;
  /** Creates an E2EE-only room (VP8, Opus, ≤ 50 publishers, no recording) on the least-loaded instance. */
  createRoom(meetingId: string): Promise<SfuRoom>;
  /** True when at least one instance can host a room. */
  readonly isAvailable: boolean;
  close(): Promise<void>;
}

export interface SfuRoom {
  readonly meetingId: string;
  readonly instanceId: string;
  /** Janus room number (tests and logs). */
  readonly roomNumber: number;
  /** Opens the SFU side of one participant (one Janus session). */
  openParticipant(participantId: string): Promise<SfuParticipant>;
  /** Destroys the room on the SFU; idempotent, and a no-op when its instance died. */
  destroy(): Promise<void>;
}

export interface SfuParticipantEvents extends Record<string, unknown> {
  /** The participant's peer connection with the SFU is up (RFC 8445 ICE + DTLS done). */
  webrtcUp: { target: SfuTarget };
  /** The SFU closed one of the participant's peer connections. */
  hangup: { target: SfuTarget; reason: string };
  /** A local ICE candidate of the SFU for the participant (null: end of candidates). */
  trickle: { target: SfuTarget; candidate: IceCandidate | null };
}

/** A subscriber offer, with the feed behind each of its active m-lines. */
export interface SubscriberOffer {
  jsep: SessionDescription;
  streams: SubscriberStream[];
}

/** The mids of a publisher's audio and video m-lines (to subscribe to one of them alone). */
export interface PublisherMids {
  readonly audio?: string;
  readonly video?: string;
}

/** One feed a subscriber wants: at a simulcast layer, and with or without its video. */
export interface SubscriptionWish {
  feedId: string;
  substream: Substream;
  /** false: audio only (needs `publisherMids`); default true. */
  hasVideo?: boolean;
  publisherMids?: PublisherMids;
}

/** What a publish made: the feed as members will see it, its mids, and the SFU's answer. */
export interface Published {
  feed: FeedView;
  mids: PublisherMids;
  answer: SessionDescription;
}

export interface SfuParticipant {
  readonly participantId: string;
  readonly events: TypedEvents<SfuParticipantEvents>;
  /**
   * Publishes with `e2ee: true`; returns the SFU's answer and the feed it will be (held by the
   * meeting's MeetingMedia, not here). Janus refuses (433) a publisher without e2ee.
   */
  publish(offer: SessionDescription): Promise<Published>;
  /**
   * Makes the subscriber receive exactly `feeds` (declarative). Returns the SFU's new offer when
   * the peer connection must renegotiate, or null when only layers changed.
   */
  subscribe(feeds: readonly SubscriptionWish[]): Promise<SubscriberOffer | null>;
  /** The participant's answer to the last subscriber offer. */
  answerSubscriber(answer: SessionDescription): Promise<void>;
  trickle(target: SfuTarget, candidate: IceCandidate | null): Promise<void>;
  /** Asks this participant's publisher for one keyframe (after a key change). */
  requestKeyframe(): Promise<void>;
  /** Hangs up both peer connections and ends the Janus session; idempotent. */
  close(): Promise<void>;
}
