/**
 * The floor for the E2EE CPU bench: a worker that takes the same encoded streams as the SFrame
 * worker (same messages, same frame pump) and passes every frame on unchanged. What it costs is
 * Chromium's encoded-transform machinery; what the SFrame worker costs beyond it is ours.
 */
import { pumpFrames } from '../../packages/client-core/src/e2ee/worker/frame-pump.ts';
import {
  isTransformOptions,
  type EncodedFrame,
  type ToWorker,
} from '../../packages/client-core/src/e2ee/worker/messages.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  onrtctransform?:
    | ((
        event: Event & {
          transformer: {
            readable: ReadableStream<EncodedFrame>;
            writable: WritableStream<EncodedFrame>;
            options: unknown;
          };
        },
      ) => void)
    | null;
}

const scope = globalThis as unknown as WorkerScope;
const passOn = (): boolean => true;

function pipe(readable: ReadableStream<EncodedFrame>, writable: WritableStream<EncodedFrame>): void {
  pumpFrames(readable, writable, passOn).catch((error: unknown) => console.warn('pass-through stopped', error));
}

scope.onmessage = ({ data }) => {
  if (data.type === 'streams' && isTransformOptions(data.options)) pipe(data.readable, data.writable);
};
scope.onrtctransform = ({ transformer }) => pipe(transformer.readable, transformer.writable);
