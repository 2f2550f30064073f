import type { E2eeFailure } from '@samtale/protocol';
import type { ListenerOptions } from '../../events.ts';
import type { MediaKind } from '../../media/LocalMedia.ts';

/**
 * The hook through which the end-to-end encryption layer reaches SFU media (issue 3): every
 * sender and every receiver is handed over once, before media flows. SfuCall knows nothing of
 * keys; the E2EE layer knows nothing of Janus. `E2eeSession` (client-core README) fits it; with a
 * transform, both connections are made with `encodedInsertableStreams: true` (Chromium).
 */
export interface SfuMediaTransformEvents {
  /** A key arrived for a sender whose frames were dropped: SfuCall asks the SFU for one keyframe. */
  keyframeNeeded: { senderId: string };
  /** Encryption failed here for good: nothing is sent, and nothing received may be shown. */
  failed: { failure: E2eeFailure };
  /** With whom the call is not encrypted changed: their media is not shown. */
  problemsChanged: readonly { participantId: string }[];
}

export interface SfuMediaTransform {
  /**
   * Our outgoing audio or video sender (called again after a republish, with the new sender).
   * False: it cannot be encrypted, so no track may be set on it (fail closed).
   */
  attachSender(sender: RTCRtpSender, kind: MediaKind): boolean;
  /**
   * An incoming receiver and the participant whose media it carries first. Called once per
   * receiver, when the owner is known (Chromium holds the frames until then); when Janus later
   * reuses the m-line for another feed, frames still decrypt, by their KID. False: its frames
   * cannot be decrypted, so its track is never shown or played.
   */
  attachReceiver(receiver: RTCRtpReceiver, kind: MediaKind, senderId: string): boolean;
  /** Set once encryption failed here for good. */
  readonly failure?: E2eeFailure | null;
  /** Participants the call is not encrypted with (their streams are not shown). */
  readonly problems?: readonly { participantId: string }[];
  on?<K extends keyof SfuMediaTransformEvents>(
    name: K,
    listener: (payload: SfuMediaTransformEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void;
}
