import { compareBytes, concatBytes } from '../bytes.ts';

export interface VerificationCode {
  /** Five groups of five digits, e.g. `04921 88310 …`. */
  digits: string;
  /** Five emoji, the same information in a form easier to compare at a glance. */
  emoji: string;
}

/** 64 distinct emoji that read aloud unambiguously (6 bits each). */
const EMOJI = [
  '🐶',
  '🐱',
  '🦁',
  '🐴',
  '🦄',
  '🐷',
  '🐘',
  '🐰',
  '🐼',
  '🐓',
  '🐧',
  '🐢',
  '🐟',
  '🐙',
  '🦋',
  '🌷',
  '🌳',
  '🌵',
  '🍄',
  '🌏',
  '🌙',
  '☁️',
  '🔥',
  '🍌',
  '🍎',
  '🍓',
  '🌽',
  '🍕',
  '🎂',
  '❤️',
  '😀',
  '🤖',
  '🎩',
  '👓',
  '🔧',
  '🎅',
  '👍',
  '☂️',
  '⌛',
  '⏰',
  '🎁',
  '💡',
  '📕',
  '✏️',
  '📎',
  '✂️',
  '🔒',
  '🔑',
  '🔨',
  '☎️',
  '🏁',
  '🚂',
  '🚲',
  '✈️',
  '🚀',
  '🏆',
  '⚽',
  '🎸',
  '🎺',
  '🔔',
  '⚓',
  '🎧',
  '📁',
  '📌',
] as const;

const encoder = new TextEncoder();

/**
 * The code every participant compares: SHA-256 over the call id and every identity public key of
 * the call (sorted, each length-prefixed). A server that swaps a key or adds a ghost member changes
 * it on some screens and not on others.
 */
export async function verificationCode(
  callId: string,
  publicKeys: readonly Uint8Array[],
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<VerificationCode> {
  const sorted = [...publicKeys].sort(compareBytes);
  const parts: Uint8Array[] = [encoder.encode('samtale e2ee verification v1'), lengthPrefixed(encoder.encode(callId))];
  for (const key of sorted) parts.push(lengthPrefixed(key));
  const hash = new Uint8Array(await subtle.digest('SHA-256', concatBytes(...parts)));
  const view = new DataView(hash.buffer);
  const groups: string[] = [];
  for (let i = 0; i < 5; i += 1) groups.push(String(view.getUint32(i * 4) % 100_000).padStart(5, '0'));
  const emoji: string[] = [];
  for (let i = 0; i < 5; i += 1) emoji.push(EMOJI[(hash[20 + i] ?? 0) % EMOJI.length] ?? '');
  return { digits: groups.join(' '), emoji: emoji.join(' ') };
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
}
