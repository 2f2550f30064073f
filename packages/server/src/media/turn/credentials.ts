/**
 * Ephemeral TURN credentials of the TURN REST API (draft-uberti-behave-turn-rest-00), which
 * coturn checks with `use-auth-secret` + `static-auth-secret`: the username carries its own
 * expiry, the password is an HMAC of the username, so the TURN server needs no user database
 * and a leaked credential stops working by itself.
 */
import { createHmac } from 'node:crypto';

export interface TurnCredential {
  /** `<unix expiry seconds>:<participant id>`. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  /** When coturn starts refusing it (seconds since the epoch). */
  expiresAt: number;
}

/** Mints a credential for `participantId` valid for `ttlSeconds` from `nowMs`. */
export function turnCredential(
  secret: string,
  participantId: string,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): TurnCredential {
  if (participantId.includes(':')) throw new TypeError('participantId must not contain ":"');
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${participantId}`;
  return { username, credential: turnPassword(secret, username), expiresAt };
}

/** The password coturn expects for `username` under `secret`. */
export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}
