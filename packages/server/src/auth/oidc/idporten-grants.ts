/**
 * A patient's ID-porten identification between the callback and their join (issue 8): stored
 * with the keyed hash of the pid, bound to the browser by a random HttpOnly cookie (its SHA-256
 * is the key) and to the one invitation it was made for. The WebSocket join and the link's
 * inspection find it by the cookie; nothing of it is in a URL or readable by the page's script.
 */
import type { FastifyReply } from 'fastify';
import type { IdportenIdentificationRow, Storage } from '../../storage/types.ts';
import { cookieValue } from '../session.ts';
import { randomToken, sha256Hex } from '../tokens.ts';
import type { IdportenIdentity } from './idporten-identity.ts';

export const IDPORTEN_COOKIE = 'samtale_idporten';
/** How long an identification lasts before the link is opened: enough to check devices and wait. */
export const IDPORTEN_IDENTIFICATION_TTL_MS = 2 * 60 * 60_000;
// The page's inspection (/api/invitations/…) and the socket (/ws) both need it.
const COOKIE_PATH = '/';

/** Stores `identity` for `invitationId` and returns the cookie token that finds it (send once, then forget). */
export async function saveIdportenIdentification(
  storage: Storage,
  invitationId: string,
  identity: IdportenIdentity,
  now: Date,
): Promise<string> {
  const token = randomToken(32);
  await storage.idportenIdentifications.deleteExpired(now);
  await storage.idportenIdentifications.create({
    keyHash: sha256Hex(token),
    invitationId,
    level: identity.level,
    pidHmac: identity.pidHmac,
    birthDate: identity.birthDate,
    createdAt: now,
    expiresAt: new Date(now.getTime() + IDPORTEN_IDENTIFICATION_TTL_MS),
  });
  return token;
}

/** The live identification this browser made for `invitationId`, if any (another link's does not count). */
export async function idportenIdentificationOf(
  storage: Storage,
  cookieHeader: string | undefined,
  invitationId: string,
  now: Date,
): Promise<IdportenIdentificationRow | undefined> {
  const token = cookieValue(cookieHeader, IDPORTEN_COOKIE);
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await storage.idportenIdentifications.find(sha256Hex(token), now);
  return row?.invitationId === invitationId ? row : undefined;
}

export function setIdportenCookie(reply: FastifyReply, isSecure: boolean, token: string): void {
  void reply.setCookie(IDPORTEN_COOKIE, token, {
    httpOnly: true,
    // Set on the provider's top-level redirect back; sent on this site's own requests and socket.
    sameSite: 'lax',
    secure: isSecure,
    path: COOKIE_PATH,
    maxAge: IDPORTEN_IDENTIFICATION_TTL_MS / 1000,
  });
}

export function clearIdportenCookie(reply: FastifyReply, isSecure: boolean): void {
  void reply.clearCookie(IDPORTEN_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isSecure, path: COOKIE_PATH });
}
