import { canEncryptCalls } from '../../media/encryption-support.ts';
import { codecForKind } from '../codec.ts';
import type { EncodedFrame, ToWorker, TransformOptions } from './messages.ts';

/** Chromium's encoded streams (not in lib.dom): needs `encodedInsertableStreams: true` on the pc. */
interface WithEncodedStreams {
  createEncodedStreams(): { readable: ReadableStream<EncodedFrame>; writable: WritableStream<EncodedFrame> };
}

function hasEncodedStreams(target: object): target is WithEncodedStreams {
  return typeof (target as Partial<WithEncodedStreams>).createEncodedStreams === 'function';
}

/** True when this browser can run our transforms at all (senders and receivers). */
export const isEncodedTransformSupported = (): boolean => canEncryptCalls();

/**
 * Routes the encoded frames of `target` through the worker. Chromium: createEncodedStreams,
 * preferred there (E2EE.md: LiveKit saw InvalidStateErrors with the script transform in Chromium);
 * with `encodedInsertableStreams: true` frames wait until the streams are piped, so none can flow
 * before the transform. Elsewhere: RTCRtpScriptTransform, set before a track is attached.
 * Throws when neither exists: the caller must then not send (fail closed).
 */
export function attachTransform(
  worker: Worker,
  target: RTCRtpSender | RTCRtpReceiver,
  kind: 'audio' | 'video',
  senderId: string | null,
): void {
  const options: TransformOptions = {
    direction: target instanceof RTCRtpSender ? 'send' : 'receive',
    codec: codecForKind(kind),
    senderId,
  };
  if (hasEncodedStreams(target)) {
    const { readable, writable } = target.createEncodedStreams();
    const message: ToWorker = { type: 'streams', options, readable, writable };
    worker.postMessage(message, [readable, writable]);
    return;
  }
  if (typeof RTCRtpScriptTransform !== 'undefined') {
    target.transform = new RTCRtpScriptTransform(worker, options);
    return;
  }
  throw new Error('this browser has no encoded transforms: end-to-end encryption is impossible');
}
