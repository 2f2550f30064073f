/**
 * The detector behind the SFU ciphertext proof (meeting-ciphertext.spec.ts), on frames made here
 * with the real SFrame code: it must call SFrame what is SFrame and plaintext what is not, and
 * the RTP path must give back exactly the frames that went in. No browser, no server.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SFrameContext } from '../packages/client-core/src/e2ee/sframe/SFrameContext.ts';
import { clearByteCount } from '../packages/client-core/src/e2ee/codec.ts';
import { opusFrames, parseRtp, vp8Frames } from './fixtures/rtp-capture.ts';
import { decryptsWith, judgeStream } from './fixtures/sframe-detector.ts';

/** VP8-shaped frames: a keyframe (tag + start code + size) every 30, delta frames between. */
function plainVp8Frames(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const isKey = i % 30 === 0;
    const body = randomBytes(isKey ? 900 : 200);
    const head = isKey ? [0x50, 0x2a, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01] : [0x51, 0x06, 0x00];
    return new Uint8Array([...head, ...body]);
  });
}

async function encryptAll(frames: readonly Uint8Array[], key: Uint8Array, kid: bigint): Promise<Uint8Array[]> {
  const context = new SFrameContext();
  await context.addKey(kid, key);
  const out: Uint8Array[] = [];
  for (const [i, frame] of frames.entries()) {
    const clear = clearByteCount('vp8', frame);
    const sframe = await context.encrypt(kid, BigInt(i * 2 + 1), frame.subarray(0, clear), frame.subarray(clear));
    out.push(new Uint8Array([...frame.subarray(0, clear), ...sframe]));
  }
  return out;
}

/** Packetizes VP8 frames as Chromium does (descriptor with PictureID, ~1000-byte packets). */
function packetize(frames: readonly Uint8Array[], ssrc: number): Uint8Array[] {
  const packets: Uint8Array[] = [];
  let sequence = 65_500; // crosses the 16-bit wrap on purpose
  for (const [i, frame] of frames.entries()) {
    for (let offset = 0; offset < frame.length; offset += 1000) {
      const chunk = frame.subarray(offset, offset + 1000);
      const isLast = offset + 1000 >= frame.length;
      const header = new Uint8Array(12);
      const view = new DataView(header.buffer);
      view.setUint8(0, 0x80);
      view.setUint8(1, (isLast ? 0x80 : 0) | 96);
      view.setUint16(2, sequence & 0xffff);
      view.setUint32(4, i * 3000);
      view.setUint32(8, ssrc);
      sequence += 1;
      const descriptor = [0x80 | (offset === 0 ? 0x10 : 0), 0x80, 0x80 | ((i >> 8) & 0x7f), i & 0xff];
      packets.push(new Uint8Array([...header, ...descriptor, ...chunk]));
    }
  }
  return packets;
}

test('the detector calls SFrame-encrypted VP8 SFrame and the same frames unencrypted plaintext', async () => {
  const plain = plainVp8Frames(60);
  const key = randomBytes(16);
  const encrypted = await encryptAll(plain, key, 3n);
  expect(judgeStream('vp8', encrypted).isSFrame).toBe(true);
  expect(judgeStream('vp8', plain).isSFrame).toBe(false);
});

test('captured SFrame frames decrypt with the sender key and not with any other', async () => {
  const key = randomBytes(16);
  const [frame] = await encryptAll(plainVp8Frames(1), key, 9n);
  if (frame === undefined) throw new TypeError('no frame');
  expect(await decryptsWith('vp8', frame, key)).toBe(true);
  expect(await decryptsWith('vp8', frame, randomBytes(16))).toBe(false);
});

test('VP8 frames come back whole from RTP packets, across the sequence-number wrap', () => {
  const frames = plainVp8Frames(40);
  const parsed = packetize(frames, 1234).map((packet) => parseRtp(packet));
  expect(parsed.every((packet) => packet !== null)).toBe(true);
  const rebuilt = vp8Frames(parsed.filter((packet) => packet !== null)).get(1234) ?? [];
  // At most the one frame that spans the wrap is skipped.
  expect(rebuilt.length).toBeGreaterThanOrEqual(frames.length - 1);
  for (const frame of rebuilt) expect(frames.some((original) => Buffer.from(original).equals(frame))).toBe(true);
});

test('Opus frames are the RTP payloads, one per packet', () => {
  const packet = new Uint8Array([0x80, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0xfc, 1, 2, 3]);
  const parsed = parseRtp(packet);
  expect(parsed).not.toBeNull();
  expect([...(opusFrames(parsed === null ? [] : [parsed]).get(7)?.[0] ?? [])]).toEqual([0xfc, 1, 2, 3]);
});
