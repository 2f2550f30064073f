import type { ListenerOptions } from '../../events.ts';
import type { MediaKind } from '../../media/LocalMedia.ts';

/**
 * The hook through which the end-to-end encryption layer reaches SFU media (issue 3): every
 * sender and every receiver is handed over once, before media flows. SfuCall knows nothing of
 * keys; the E2EE layer knows nothing of Janus. `E2eeSession` (client-core README) fits it; with a
 * transform, both connections are made with `encodedInsertableStreams: true` (Chromium).
 */
export interface SfuMediaTransform {
  /** Our outgoing audio or video sender (called again after a republish, with the new sender). */
  attachSender(sender: RTCRtpSender, kind: MediaKind): void;
  /**
   * An incoming receiver and the participant whose media it carries first. Called once per
   * receiver, when the owner is known (Chromium holds the frames until then); when Janus later
   * reuses the m-line for another feed, frames still decrypt, by their KID.
   */
  attachReceiver(receiver: RTCRtpReceiver, kind: MediaKind, senderId: string): void;
  /** A key arrived for a sender whose frames were dropped: SfuCall asks the SFU for one keyframe. */
  on?(name: 'keyframeNeeded', listener: (payload: { senderId: string }) => void, options?: ListenerOptions): () => void;
}
