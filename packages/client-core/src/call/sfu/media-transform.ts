import type { MediaKind } from '../../media/LocalMedia.ts';

/**
 * The hook through which the end-to-end encryption layer reaches SFU media (issue 3): every
 * sender and every receiver is handed over once, before media flows. SfuCall knows nothing of
 * keys; the E2EE layer knows nothing of Janus.
 */
export interface SfuMediaTransform {
  /** True: peer connections need `encodedInsertableStreams: true` (Chromium's createEncodedStreams). */
  readonly needsEncodedInsertableStreams: boolean;
  /** Our outgoing audio or video sender (called again after a republish, with the new sender). */
  attachSender(sender: RTCRtpSender, kind: MediaKind): void;
  /**
   * An incoming receiver. `participantId` is who it carries when known; an m-line may later carry
   * someone else (Janus reuses them), so the SFrame key id, not this hint, picks the key.
   */
  attachReceiver(receiver: RTCRtpReceiver, kind: MediaKind, participantId: string | null): void;
}
