/**
 * How many leading bytes of an encoded frame stay in clear (docs/E2EE-SCHEME.md): the bytes the
 * SFU and the decoder's depacketizer need. They are authenticated as SFrame metadata (AAD).
 * Decided from the bitstream, never from `frame.type`, which engines fill differently
 * (edumeet broke Firefox interop that way); the codec comes from the transform options because
 * Safari's frame metadata lacks `mimeType`.
 */
export type E2eeCodec = 'vp8' | 'opus';

/** The codec a transceiver of `kind` carries: we pin VP8 and Opus (call/codecs.ts). */
export function codecForKind(kind: 'audio' | 'video'): E2eeCodec {
  return kind === 'audio' ? 'opus' : 'vp8';
}

/** VP8 frame tag (RFC 6386 §9.1): bit 0 of the first byte is 0 on a keyframe. */
export function isVp8Keyframe(frame: Uint8Array): boolean {
  const first = frame[0];
  return first !== undefined && (first & 0x01) === 0;
}

export function clearByteCount(codec: E2eeCodec, frame: Uint8Array): number {
  switch (codec) {
    case 'opus':
      // The TOC byte (RFC 6716 §3.1).
      return Math.min(1, frame.length);
    case 'vp8':
      // Keyframe: 3-byte frame tag + start code 9d 01 2a + width and height (Janus checks them to
      // switch simulcast layers). Delta frame: the frame tag only.
      return Math.min(isVp8Keyframe(frame) ? 10 : 3, frame.length);
  }
}
