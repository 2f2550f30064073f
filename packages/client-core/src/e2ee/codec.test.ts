import { describe, expect, it } from 'vitest';
import { clearByteCount } from './codec.ts';

describe('clear codec bytes', () => {
  it('keeps 10 bytes of a VP8 keyframe and 3 of a VP8 delta frame, decided by the frame tag', () => {
    const keyframe = new Uint8Array([0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0xaa, 0xbb]);
    const delta = new Uint8Array([0x51, 0x42, 0x00, 0xaa, 0xbb, 0xcc]);
    expect(clearByteCount('vp8', keyframe)).toBe(10);
    expect(clearByteCount('vp8', delta)).toBe(3);
  });

  it('keeps the Opus TOC byte and never more bytes than the frame has', () => {
    expect(clearByteCount('opus', new Uint8Array([0x78, 1, 2, 3]))).toBe(1);
    expect(clearByteCount('opus', new Uint8Array(0))).toBe(0);
    expect(clearByteCount('vp8', new Uint8Array([0x50, 0x01]))).toBe(2);
  });
});
