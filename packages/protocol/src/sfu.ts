/**
 * Messages between a browser and our server for calls through the SFU (Janus VideoRoom).
 * The browser never talks to Janus directly: the server holds the Janus sessions and passes
 * SDP and ICE candidates through, so Janus's admin features (recording, RTP forwarding) stay
 * out of users' reach. Media still goes browser <-> Janus, SFrame-encrypted end to end.
 */
import * as z from 'zod/mini';
import { Id, noControlCharacters } from './common.ts';
import { IceCandidate, SessionDescription } from './webrtc.ts';

const RequestId = z.optional(z.string().check(z.minLength(1), z.maxLength(64), noControlCharacters()));

/** Opaque id of a published feed (Janus feed id as a string). */
export const FeedId = z.string().check(z.minLength(1), z.maxLength(32), noControlCharacters());

/** Simulcast layer: 0 low, 1 medium, 2 high. */
export const Substream = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type Substream = z.infer<typeof Substream>;

/** One m-line of the subscriber connection: which feed it carries (Janus `streams[].mid/feed_id`). */
export const SubscriberStream = z.object({
  mid: z.string().check(z.minLength(1), z.maxLength(32), noControlCharacters()),
  feedId: FeedId,
  kind: z.enum(['audio', 'video']),
});
export type SubscriberStream = z.infer<typeof SubscriberStream>;

export const SfuTarget = z.enum(['publisher', 'subscriber']);
export type SfuTarget = z.infer<typeof SfuTarget>;

export const FeedView = z.object({
  feedId: FeedId,
  participantId: Id,
  hasAudio: z.boolean(),
  hasVideo: z.boolean(),
  isSimulcast: z.boolean(),
});
export type FeedView = z.infer<typeof FeedView>;

/** Client -> server (members of ClientMessage). */
export const SfuClientMessages = [
  /** Publish own media: an SDP offer (sendonly, VP8 simulcast + Opus, encoded transforms attached). */
  z.object({ type: z.literal('sfuPublish'), id: RequestId, jsep: SessionDescription }),
  /** The full set of feeds this client wants to receive, with a layer each (declarative). */
  z.object({
    type: z.literal('sfuSubscribe'),
    id: RequestId,
    feeds: z
      .array(
        z.object({
          feedId: FeedId,
          substream: Substream,
          /** false: the feed's audio only (its tile is off screen, e.g. on another page); default true. */
          hasVideo: z.optional(z.boolean()),
        }),
      )
      .check(z.maxLength(60)),
  }),
  /** Answer to an `sfuSubscriberOffer`. */
  z.object({ type: z.literal('sfuSubscriberAnswer'), id: RequestId, jsep: SessionDescription }),
  z.object({ type: z.literal('sfuTrickle'), id: RequestId, target: SfuTarget, candidate: z.nullable(IceCandidate) }),
  /** Ask the publisher of `feedId` for one keyframe (after a key change; never repeatedly). */
  z.object({ type: z.literal('sfuRequestKeyframe'), id: RequestId, feedId: FeedId }),
  /** Host: lock (nobody new may enter, not even to wait) or unlock the meeting. */
  z.object({ type: z.literal('lock'), id: RequestId, isLocked: z.boolean() }),
] as const;

/** Server -> client (members of ServerMessage). */
export const SfuServerMessages = [
  /**
   * Janus's answer to a publish. `ref`: the `id` of the `sfuPublish` it answers, so a client that
   * published again (after a reset) takes only the answer to its latest offer; absent when the
   * publish had no id.
   */
  z.object({ type: z.literal('sfuAnswer'), jsep: SessionDescription, feedId: FeedId, ref: RequestId }),
  /**
   * The subscriber offer. `streams` names the feed behind each m-line (from Janus's `streams`
   * list), so the browser can tell whose media a track carries; an m-line not listed is unused.
   */
  z.object({
    type: z.literal('sfuSubscriberOffer'),
    jsep: SessionDescription,
    streams: z.optional(z.array(SubscriberStream).check(z.maxLength(130))),
  }),
  z.object({ type: z.literal('sfuTrickle'), target: SfuTarget, candidate: z.nullable(IceCandidate) }),
  /** Every published feed in the room (sent on change). */
  z.object({ type: z.literal('sfuFeeds'), feeds: z.array(FeedView) }),
  /** The SFU restarted or the room moved: republish and resubscribe (no reload). */
  z.object({ type: z.literal('sfuReset'), reason: z.enum(['sfu-restarted', 'sfu-unavailable']) }),
  z.object({ type: z.literal('locked'), isLocked: z.boolean() }),
] as const;
