import { describe, expect, it } from 'vitest';
import { pumpFrames } from './frame-pump.ts';

interface Frame {
  data: ArrayBuffer;
}

const frameOf = (...bytes: number[]): Frame => ({ data: new Uint8Array(bytes).buffer });
const bytesOf = (frame: Frame): number[] => [...new Uint8Array(frame.data)];

function source(frames: readonly Frame[]): { readable: ReadableStream<Frame>; cancelled: Promise<unknown> } {
  let onCancel: (reason: unknown) => void = () => undefined;
  const cancelled = new Promise<unknown>((resolve) => (onCancel = resolve));
  const readable = new ReadableStream<Frame>({
    start(controller) {
      for (const frame of frames) controller.enqueue(frame);
    },
    cancel: (reason) => onCancel(reason),
  });
  return { readable, cancelled };
}

function sink(): { writable: WritableStream<Frame>; written: number[][]; events: string[] } {
  const written: number[][] = [];
  const events: string[] = [];
  const writable = new WritableStream<Frame>({
    write: (frame) => void written.push(bytesOf(frame)),
    close: () => void events.push('closed'),
    abort: () => void events.push('aborted'),
  });
  return { writable, written, events };
}

describe('pumpFrames', () => {
  it('passes every frame the step keeps, changed in place and in order, and drops the others', async () => {
    const { readable } = source([frameOf(1), frameOf(2), frameOf(3), frameOf(4)]);
    const { writable, written } = sink();
    // The source stays open (as a sender's does): the step ends the test at the fourth frame.
    let seen = 0;
    const pumped = pumpFrames(readable, writable, async (frame) => {
      seen += 1;
      const [value = 0] = bytesOf(frame);
      frame.data = new Uint8Array([value * 10, value]).buffer;
      await Promise.resolve();
      if (seen === 4) throw new Error('end of test input');
      return value % 2 === 1;
    });
    await expect(pumped).rejects.toThrow('end of test input');
    expect(written).toEqual([
      [10, 1],
      [30, 3],
    ]);
  });

  it('closes the writable when the readable ends', async () => {
    const readable = new ReadableStream<Frame>({
      start(controller) {
        controller.enqueue(frameOf(7));
        controller.close();
      },
    });
    const { writable, written, events } = sink();
    await pumpFrames(readable, writable, () => true);
    expect(written).toEqual([[7]]);
    expect(events).toEqual(['closed']);
  });

  it('fails closed: a step that throws stops the pump, cancels the source and aborts the sink', async () => {
    const { readable, cancelled } = source([frameOf(1), frameOf(2)]);
    const { writable, written, events } = sink();
    const failure = new Error('crypto broke');
    await expect(
      pumpFrames(readable, writable, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await cancelled).toBe(failure);
    expect(written).toEqual([]);
    expect(events).toEqual(['aborted']);
  });
});
