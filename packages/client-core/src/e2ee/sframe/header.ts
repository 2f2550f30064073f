/**
 * SFrame header (RFC 9605 §4.3): one config byte |X|K(3)|Y|C(3)|, then KID and CTR as compact
 * big-endian integers. A value below 8 fits in its 3 bits (X or Y = 0); otherwise the 3 bits hold
 * its length in bytes minus one and the bytes follow (KID first).
 */
export interface SFrameHeader {
  kid: bigint;
  ctr: bigint;
}

const MAX_U64 = (1n << 64n) - 1n;

export class SFrameHeaderError extends Error {}

/**
 * Values up to 2^53 - 1 (every KID and CTR of a real call) take the Number path: each BigInt shift
 * allocates, and this runs for every frame both ways (issue 3).
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function byteLength(value: bigint): number {
  let length = 1;
  if (value <= MAX_SAFE) {
    for (let n = Number(value); n >= 256; n = Math.floor(n / 256)) length += 1;
    return length;
  }
  while (value >> BigInt(length * 8) !== 0n) length += 1;
  return length;
}

function writeBigEndian(out: Uint8Array, offset: number, value: bigint, length: number): void {
  if (value <= MAX_SAFE) {
    let n = Number(value);
    for (let i = length - 1; i >= 0; i -= 1) {
      out[offset + i] = n % 256;
      n = Math.floor(n / 256);
    }
    return;
  }
  for (let i = 0; i < length; i += 1) out[offset + i] = Number((value >> BigInt((length - 1 - i) * 8)) & 0xffn);
}

function readBigEndian(bytes: Uint8Array, offset: number, length: number): bigint {
  if (length <= 6) {
    let n = 0;
    for (let i = 0; i < length; i += 1) n = n * 256 + (bytes[offset + i] ?? 0);
    return BigInt(n);
  }
  let value = 0n;
  for (let i = 0; i < length; i += 1) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
  return value;
}

export function encodeHeader({ kid, ctr }: SFrameHeader): Uint8Array<ArrayBuffer> {
  if (kid < 0n || kid > MAX_U64 || ctr < 0n || ctr > MAX_U64) throw new TypeError('KID and CTR are 64-bit unsigned');
  const kidLength = kid < 8n ? 0 : byteLength(kid);
  const ctrLength = ctr < 8n ? 0 : byteLength(ctr);
  const out = new Uint8Array(1 + kidLength + ctrLength);
  const kidBits = kidLength === 0 ? Number(kid) : 0x8 | (kidLength - 1);
  const ctrBits = ctrLength === 0 ? Number(ctr) : 0x8 | (ctrLength - 1);
  out[0] = (kidBits << 4) | ctrBits;
  writeBigEndian(out, 1, kid, kidLength);
  writeBigEndian(out, 1 + kidLength, ctr, ctrLength);
  return out;
}

/** Parses the header at `offset`; returns it with its length in bytes. */
export function decodeHeader(bytes: Uint8Array, offset = 0): SFrameHeader & { length: number } {
  const config = bytes[offset];
  if (config === undefined) throw new SFrameHeaderError('empty SFrame header');
  const kidNibble = config >> 4;
  const ctrNibble = config & 0xf;
  const kidLength = kidNibble & 0x8 ? (kidNibble & 0x7) + 1 : 0;
  const ctrLength = ctrNibble & 0x8 ? (ctrNibble & 0x7) + 1 : 0;
  const length = 1 + kidLength + ctrLength;
  if (bytes.length < offset + length) throw new SFrameHeaderError('truncated SFrame header');
  const kid = kidLength === 0 ? BigInt(kidNibble) : readBigEndian(bytes, offset + 1, kidLength);
  const ctr = ctrLength === 0 ? BigInt(ctrNibble) : readBigEndian(bytes, offset + 1 + kidLength, ctrLength);
  return { kid, ctr, length };
}
