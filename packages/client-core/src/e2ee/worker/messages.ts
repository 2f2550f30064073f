import type { E2eeCodec } from '../codec.ts';

/** What one transform does; passed as RTCRtpScriptTransform options or with transferred streams. */
export interface TransformOptions {
  direction: 'send' | 'receive';
  codec: E2eeCodec;
  /**
   * For receivers: the participant the receiver was attached for, tried first. Frames are
   * decrypted by their KID with whoever's key holds it (an SFU reuses receivers for other feeds).
   */
  senderId: string | null;
}

/** Main thread -> worker. Keys travel as bytes inside the page's own worker only. */
export type ToWorker =
  | { type: 'configure'; isPlaintextForTests: boolean }
  | { type: 'senderKey'; keyId: number; key: Uint8Array }
  | { type: 'receiverKey'; senderId: string; keyId: number; key: Uint8Array }
  | { type: 'removeSender'; senderId: string }
  | {
      type: 'streams';
      options: TransformOptions;
      readable: ReadableStream<EncodedFrame>;
      writable: WritableStream<EncodedFrame>;
    };

/** Worker -> main thread. */
export type FromWorker = { type: 'keyframeNeeded'; senderId: string };

/** The part of RTCEncodedVideoFrame / RTCEncodedAudioFrame we use. */
export interface EncodedFrame {
  data: ArrayBuffer;
}

const CODECS: ReadonlySet<string> = new Set(['vp8', 'opus']);

/** Boundary check for transform options (they come through the browser, possibly from elsewhere). */
export function isTransformOptions(value: unknown): value is TransformOptions {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v['direction'] === 'send' || v['direction'] === 'receive') &&
    typeof v['codec'] === 'string' &&
    CODECS.has(v['codec']) &&
    (v['senderId'] === null || typeof v['senderId'] === 'string')
  );
}
