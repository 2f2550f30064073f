/** Mirrors of RTCSessionDescriptionInit / RTCIceCandidateInit, with size limits. */
import * as z from 'zod/mini';
import { noControlCharacters } from './common.ts';

/** SDP lines end in CRLF (RFC 8866 §5); no other control character belongs in one. */
const SdpText = z
  .string()
  .check(z.maxLength(48 * 1024), z.regex(/^(?:[^\p{Cc}]|[\r\n])*$/u, 'no control characters but CR and LF'));

export const SessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.optional(SdpText),
});
export type SessionDescription = z.infer<typeof SessionDescription>;

export const IceCandidate = z.object({
  candidate: z.string().check(z.maxLength(1024), noControlCharacters()),
  sdpMid: z.nullish(z.string().check(z.maxLength(64), noControlCharacters())),
  sdpMLineIndex: z.nullish(z.int().check(z.minimum(0), z.maximum(64))),
  usernameFragment: z.nullish(z.string().check(z.maxLength(256), noControlCharacters())),
});
export type IceCandidate = z.infer<typeof IceCandidate>;
