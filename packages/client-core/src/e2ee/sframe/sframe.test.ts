import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { decodeHeader, encodeHeader } from './header.ts';
import { deriveKeySalt, keyLabel, makeNonce, saltLabel } from './key-derivation.ts';
import { SFrameContext, SFrameError } from './SFrameContext.ts';

/** RFC 9605 Appendix C.1 (a selection covering every KID and CTR length). */
const HEADER_VECTORS: ReadonlyArray<[kid: bigint, ctr: bigint, header: string]> = [
  [0x0n, 0x0n, '00'],
  [0x0n, 0x1n, '01'],
  [0x0n, 0xffn, '08ff'],
  [0x0n, 0x100n, '090100'],
  [0x0n, 0xffffn, '09ffff'],
  [0x0n, 0x10000n, '0a010000'],
  [0x0n, 0x1000000n, '0b01000000'],
  [0x0n, 0x100000000n, '0c0100000000'],
  [0x0n, 0x10000000000n, '0d010000000000'],
  [0x0n, 0x1000000000000n, '0e01000000000000'],
  [0x0n, 0x100000000000000n, '0f0100000000000000'],
  [0x0n, 0xffffffffffffffffn, '0fffffffffffffffff'],
  [0x1n, 0x0n, '10'],
  [0x1n, 0xffn, '18ff'],
  [0x1n, 0xffffffffffffffffn, '1fffffffffffffffff'],
  [0xffn, 0x0n, '80ff'],
  [0xffn, 0xffn, '88ffff'],
  [0xffn, 0x100n, '89ff0100'],
  [0x100n, 0x0n, '900100'],
  [0x100n, 0xffn, '980100ff'],
  [0xffffn, 0x1000000n, '9bffff01000000'],
  [0x10000n, 0x0n, 'a0010000'],
  [0xffffffn, 0xffffffffffffffffn, 'afffffffffffffffffffffff'],
  [0x1000000n, 0x100n, 'b9010000000100'],
  [0xffffffffn, 0xffffn, 'b9ffffffffffff'],
  [0x100000000n, 0x1n, 'c10100000000'],
  [0xffffffffffn, 0x10000n, 'caffffffffff010000'],
  [0x10000000000n, 0xffffffffn, 'db010000000000ffffffff'],
  [0xffffffffffffn, 0x0n, 'd0ffffffffffff'],
  [0x1000000000000n, 0x100000000000000n, 'ef010000000000000100000000000000'],
  [0xffffffffffffffn, 0x1000000n, 'ebffffffffffffff01000000'],
  [0x100000000000000n, 0x100000000000000n, 'ff01000000000000000100000000000000'],
  [0xffffffffffffffffn, 0xffffffffffffffffn, 'ffffffffffffffffffffffffffffffffff'],
];

/** RFC 9605 Appendix C.3, cipher_suite 0x0004 (AES_128_GCM_SHA256_128). */
const SUITE_4 = {
  kid: 0x123n,
  ctr: 0x4567n,
  baseKey: '000102030405060708090a0b0c0d0e0f',
  sframeKeyLabel: '534672616d6520312e30205365637265 74206b65792000000000000001230004',
  sframeSaltLabel: '534672616d6520312e30205365637265 742073616c7420000000000000012300 04',
  sframeSecret: 'd926952ca8b7ec4a95941d1ada3a5203 ceff8cceee34f574d23909eb314c40c0',
  sframeKey: 'd34f547f4ca4f9a7447006fe7fcbf768',
  sframeSalt: '75234edefe07819026751816',
  metadata: '4945544620534672616d65205747',
  nonce: '75234edefe07819026755d71',
  pt: '64726166742d696574662d736672616d 652d656e63',
  ct: '9901234567b7412c2513a1b66dbb4884 1bbaf17f598751176ad847681a69c6d0 b091c07018ce4adb34eb',
};

const hex = (s: string): string => s.replace(/\s+/g, '');

describe('SFrame header (RFC 9605 C.1)', () => {
  it('encodes every test-vector KID and CTR to the exact header bytes and decodes them back', () => {
    for (const [kid, ctr, header] of HEADER_VECTORS) {
      expect(toHex(encodeHeader({ kid, ctr })), `kid ${kid} ctr ${ctr}`).toBe(header);
      expect(decodeHeader(fromHex(header))).toEqual({ kid, ctr, length: header.length / 2 });
    }
  });

  it('refuses a header whose KID or CTR bytes are cut off', () => {
    expect(() => decodeHeader(fromHex('9bffff0100'))).toThrow(/truncated/);
    expect(() => decodeHeader(new Uint8Array(0))).toThrow(/empty/);
  });
});

describe('SFrame key derivation and encryption (RFC 9605 C.3, suite 0x0004)', () => {
  it('builds the key and salt labels byte for byte', () => {
    expect(toHex(keyLabel(SUITE_4.kid))).toBe(hex(SUITE_4.sframeKeyLabel));
    expect(toHex(saltLabel(SUITE_4.kid))).toBe(hex(SUITE_4.sframeSaltLabel));
  });

  it('derives sframe_secret, sframe_key, sframe_salt and the nonce of the test vector', async () => {
    const subtle = globalThis.crypto.subtle;
    // HKDF-Extract("", base_key) = HMAC-SHA256(key = 32 zero bytes, base_key) (RFC 5869 §2.2).
    const zeroKey = await subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const secret = await subtle.sign('HMAC', zeroKey, fromHex(SUITE_4.baseKey));
    expect(toHex(new Uint8Array(secret))).toBe(hex(SUITE_4.sframeSecret));

    const derived = await deriveKeySalt(fromHex(SUITE_4.baseKey), SUITE_4.kid, { isExtractable: true });
    expect(toHex(new Uint8Array(await subtle.exportKey('raw', derived.key)))).toBe(SUITE_4.sframeKey);
    expect(toHex(derived.salt)).toBe(SUITE_4.sframeSalt);
    expect(toHex(makeNonce(derived.salt, SUITE_4.ctr))).toBe(SUITE_4.nonce);
  });

  it('XORs every counter into the last eight nonce bytes, big-endian, on both sides of 2^53', () => {
    const salt = fromHex('a0a1a2a3a4a5a6a7a8a9aaab');
    const counters = [0n, 1n, 0xffn, 0x100n, 0x1_0000_0005n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n];
    for (const ctr of counters) {
      const expected = fromHex(`a0a1a2a3${ctr.toString(16).padStart(16, '0')}`);
      for (let i = 4; i < 12; i += 1) expected[i] = (expected[i] ?? 0) ^ (salt[i] ?? 0);
      expect(toHex(makeNonce(salt, ctr)), `ctr ${ctr}`).toBe(toHex(expected));
    }
  });

  it('encrypts the test-vector plaintext to the exact SFrame ciphertext and decrypts it back', async () => {
    const context = new SFrameContext();
    await context.addKey(SUITE_4.kid, fromHex(SUITE_4.baseKey));
    const ct = await context.encrypt(SUITE_4.kid, SUITE_4.ctr, fromHex(SUITE_4.metadata), fromHex(hex(SUITE_4.pt)));
    expect(toHex(ct)).toBe(hex(SUITE_4.ct));

    const receiver = new SFrameContext();
    await receiver.addKey(SUITE_4.kid, fromHex(SUITE_4.baseKey));
    const frame = await receiver.decrypt(fromHex(SUITE_4.metadata), fromHex(hex(SUITE_4.ct)));
    expect(toHex(frame.plaintext)).toBe(hex(SUITE_4.pt));
    expect(frame).toMatchObject({ kid: SUITE_4.kid, ctr: SUITE_4.ctr });
  });

  it('puts a prefix in front of the test-vector SFrame unchanged (the clear codec bytes of a frame)', async () => {
    const context = new SFrameContext();
    await context.addKey(SUITE_4.kid, fromHex(SUITE_4.baseKey));
    const prefix = fromHex('9d012a');
    const metadata = fromHex(SUITE_4.metadata);
    const ct = await context.encrypt(SUITE_4.kid, SUITE_4.ctr, metadata, fromHex(hex(SUITE_4.pt)), prefix);
    expect(toHex(ct)).toBe(`9d012a${hex(SUITE_4.ct)}`);
  });
});

describe('SFrame refuses what must not be played', () => {
  const baseKey = fromHex('00112233445566778899aabbccddeeff');
  const metadata = fromHex('9d012a');
  const plaintext = new TextEncoder().encode('a video frame');

  async function pair(): Promise<{ sender: SFrameContext; receiver: SFrameContext }> {
    const sender = new SFrameContext();
    const receiver = new SFrameContext();
    await sender.addKey(7n, baseKey);
    await receiver.addKey(7n, baseKey);
    return { sender, receiver };
  }

  async function reasonOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      if (error instanceof SFrameError) return error.reason;
      throw error;
    }
  }

  it('rejects a frame with one flipped ciphertext bit, one changed clear codec byte or a changed header', async () => {
    const { sender, receiver } = await pair();
    const frame = await sender.encrypt(7n, 1n, metadata, plaintext);
    const flipped = frame.slice();
    flipped[frame.length - 3] = (flipped[frame.length - 3] ?? 0) ^ 0x01;
    expect(await reasonOf(receiver.decrypt(metadata, flipped))).toBe('auth-failed');
    expect(await reasonOf(receiver.decrypt(fromHex('9d012b'), frame))).toBe('auth-failed');
    const otherCounter = frame.slice();
    otherCounter[0] = 0x72; // KID 7, CTR 2: the nonce no longer matches
    expect(await reasonOf(receiver.decrypt(metadata, otherCounter))).toBe('auth-failed');
    expect(toHex((await receiver.decrypt(metadata, frame)).plaintext)).toBe(toHex(plaintext));
  });

  it('accepts each frame once: a replayed frame is refused, a late but unseen one is accepted', async () => {
    const { sender, receiver } = await pair();
    const first = await sender.encrypt(7n, 1n, metadata, plaintext);
    const second = await sender.encrypt(7n, 2n, metadata, plaintext);
    const third = await sender.encrypt(7n, 3n, metadata, plaintext);
    await receiver.decrypt(metadata, first);
    await receiver.decrypt(metadata, third);
    expect(await reasonOf(receiver.decrypt(metadata, first))).toBe('replayed');
    expect(await reasonOf(receiver.decrypt(metadata, second))).toBe('accepted');
    expect(await reasonOf(receiver.decrypt(metadata, second))).toBe('replayed');
  });

  it('refuses frames older than the replay window', async () => {
    const sender = new SFrameContext();
    const receiver = new SFrameContext({ replayWindow: 4 });
    await sender.addKey(7n, baseKey);
    await receiver.addKey(7n, baseKey);
    const old = await sender.encrypt(7n, 1n, metadata, plaintext);
    await receiver.decrypt(metadata, await sender.encrypt(7n, 10n, metadata, plaintext));
    expect(await reasonOf(receiver.decrypt(metadata, old))).toBe('replayed');
  });

  it('rejects frames under a key it does not hold and frames under the right KID but another key', async () => {
    const { sender } = await pair();
    const frame = await sender.encrypt(7n, 1n, metadata, plaintext);
    const stranger = new SFrameContext();
    expect(await reasonOf(stranger.decrypt(metadata, frame))).toBe('unknown-kid');
    await stranger.addKey(7n, fromHex('ffeeddccbbaa99887766554433221100'));
    expect(await reasonOf(stranger.decrypt(metadata, frame))).toBe('auth-failed');
    expect(await reasonOf(stranger.decrypt(metadata, frame.subarray(0, 5)))).toBe('malformed');
  });
});
