/**
 * Codec order for setCodecPreferences. We pin VP8 and Opus because the SFrame layer (a later
 * issue, DESIGN.md "End-to-end encryption") knows how many bytes of exactly these codecs must
 * stay clear for the SFU and the decoder.
 */
export const PREFERRED_CODEC: Readonly<Record<'audio' | 'video', string>> = {
  audio: 'audio/opus',
  video: 'video/VP8',
};

/**
 * Returns `codecs` with every entry of `mimeType` first, the rest in their original order
 * (retransmission and FEC entries stay available). Comparison ignores case, as MIME types do.
 */
export function preferCodec<T extends { mimeType: string }>(codecs: readonly T[], mimeType: string): T[] {
  const wanted = mimeType.toLowerCase();
  const preferred = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  const others = codecs.filter((c) => c.mimeType.toLowerCase() !== wanted);
  return [...preferred, ...others];
}
