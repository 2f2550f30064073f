/**
 * A new patient link of an appointment: the call's link (`/j/<token>`) and, paired with it, the
 * equipment test's (`/test#<key>`), each with a token of its own so that the test link cannot
 * open the call. Only SHA-256 hashes are stored; the key sits in the fragment, which browsers
 * never send to a server, so no request, log or Referer carries it.
 */
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import type { NewInvitationLink } from '../storage/types.ts';

/** How long after its end an appointment's link still works (the clinician may run late). */
export const LINK_GRACE_MS = 60 * 60_000;

export interface PatientUrls {
  /** The call's link. */
  join: string;
  /** The equipment test, tied to this link: a run reports "tested at, ok or problem" to the day view. */
  test: string;
}

export interface PatientLink {
  link: NewInvitationLink;
  urls: PatientUrls;
}

/** Mints the tokens of a new patient link of an appointment that ends at `endsAt`. */
export function newPatientLink(publicUrl: string, createdByUserId: string, endsAt: Date): PatientLink {
  const token = randomToken(32);
  const key = randomToken(32);
  return {
    link: {
      tokenHash: sha256Hex(token),
      createdByUserId,
      expiresAt: new Date(endsAt.getTime() + LINK_GRACE_MS),
      equipmentKeyHash: sha256Hex(key),
    },
    urls: { join: `${publicUrl}/j/${token}`, test: `${publicUrl}/test#${key}` },
  };
}
