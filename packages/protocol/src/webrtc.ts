/** Mirrors of RTCSessionDescriptionInit / RTCIceCandidateInit, with size limits. */
import * as z from 'zod/mini';

export const SessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.optional(z.string().check(z.maxLength(48 * 1024))),
});
export type SessionDescription = z.infer<typeof SessionDescription>;

export const IceCandidate = z.object({
  candidate: z.string().check(z.maxLength(1024)),
  sdpMid: z.nullish(z.string().check(z.maxLength(64))),
  sdpMLineIndex: z.nullish(z.int().check(z.minimum(0), z.maximum(64))),
  usernameFragment: z.nullish(z.string().check(z.maxLength(256))),
});
export type IceCandidate = z.infer<typeof IceCandidate>;
