/**
 * The E2EE worker: applies SFrame to every encoded frame of the page's peer connections, so the
 * crypto stays off the main thread. Entered with Chromium's transferred `createEncodedStreams`
 * (message `streams`) or with RTCRtpScriptTransform (`rtctransform` event, Firefox and Safari).
 */
import { FrameCryptor } from './FrameCryptor.ts';
import { pumpFrames } from './frame-pump.ts';
import {
  isTransformOptions,
  type EncodedFrame,
  type FromWorker,
  type ToWorker,
  type TransformOptions,
} from './messages.ts';

interface ScriptTransformer {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: unknown;
}

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  onrtctransform?: ((event: Event & { transformer: ScriptTransformer }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
/** null until configured: frames that come earlier are dropped (fail closed). */
let cryptor: FrameCryptor | null = null;

scope.onmessage = ({ data }) => {
  switch (data.type) {
    case 'configure':
      cryptor ??= new FrameCryptor({
        isPlaintextForTests: data.isPlaintextForTests,
        onKeyframeNeeded: (senderId) => scope.postMessage({ type: 'keyframeNeeded', senderId }),
      });
      return;
    case 'senderKey':
      void cryptor?.setSenderKey(data.keyId, data.key);
      return;
    case 'receiverKey':
      void cryptor?.setReceiverKey(data.senderId, data.keyId, data.key);
      return;
    case 'removeSender':
      cryptor?.removeSender(data.senderId);
      return;
    case 'streams':
      if (isTransformOptions(data.options)) pipe(data.readable, data.writable, data.options);
      return;
  }
};

scope.onrtctransform = ({ transformer }) => {
  if (isTransformOptions(transformer.options)) pipe(transformer.readable, transformer.writable, transformer.options);
};

function pipe(
  readable: ReadableStream<EncodedFrame>,
  writable: WritableStream<EncodedFrame>,
  options: TransformOptions,
): void {
  pumpFrames(readable, writable, (frame) => applySFrame(frame, options)).catch((error: unknown) =>
    console.warn('E2EE transform stopped', error),
  );
}

/** Encrypts or decrypts `frame` in place; false: drop it. */
async function applySFrame(frame: EncodedFrame, options: TransformOptions): Promise<boolean> {
  const current = cryptor;
  if (current === null) return false;
  const data = new Uint8Array(frame.data);
  const out =
    options.direction === 'send'
      ? await current.encryptFrame(options.codec, data)
      : await current.decryptFrame(options.codec, data, options.senderId);
  // Fail closed: a frame that does not encrypt or decrypt is dropped, never passed on as is.
  if (out === null) return false;
  frame.data =
    out.buffer instanceof ArrayBuffer && out.byteOffset === 0 && out.byteLength === out.buffer.byteLength
      ? out.buffer
      : out.slice().buffer;
  return true;
}
