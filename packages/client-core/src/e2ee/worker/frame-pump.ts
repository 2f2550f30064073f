import type { EncodedFrame } from './messages.ts';

/** Works on one frame in place; false drops it (fail closed), true passes it on. */
export type FrameStep<F extends EncodedFrame> = (frame: F) => Promise<boolean> | boolean;

/**
 * Moves encoded frames from `readable` to `writable` through `step`, one at a time and in order.
 * A single read/write loop instead of `readable.pipeThrough(new TransformStream(...)).pipeTo(...)`:
 * that runs two pipes per frame, and every pipe step is promise and stream work in Chromium. In a
 * call the worker's CPU is almost all such per-frame machinery, not our JavaScript (issue 3,
 * bench/e2ee-cpu.ts). When either side fails, both are torn down and the error is rethrown, so a
 * broken transform stops the media instead of letting it pass.
 */
export async function pumpFrames<F extends EncodedFrame>(
  readable: ReadableStream<F>,
  writable: WritableStream<F>,
  step: FrameStep<F>,
): Promise<void> {
  const reader = readable.getReader();
  const writer = writable.getWriter();
  try {
    for (;;) {
      const { done, value: frame } = await reader.read();
      if (done) break;
      if (await step(frame)) await writer.write(frame);
    }
    await writer.close();
  } catch (error) {
    await Promise.allSettled([reader.cancel(error), writer.abort(error)]);
    throw error;
  }
}
