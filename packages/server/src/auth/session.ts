/**
 * Login sessions: a 256-bit random token in the HttpOnly cookie `samtale_session`; the database
 * keeps only its SHA-256, with a per-session CSRF token the client echoes in `x-csrf-token`.
 */
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE, type LoginMethod } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import type { SessionRow, Storage, UserRow } from '../storage/types.ts';
import { randomToken, sha256Hex } from './tokens.ts';

/** The value of cookie `name` in a Cookie header, if present. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The live session and its user for a Cookie header, or undefined. Used by HTTP routes and by
 * the WebSocket upgrade (which carries the same cookie).
 */
export async function sessionUserFromCookieHeader(
  storage: Storage,
  cookieHeader: string | undefined,
  now: Date,
): Promise<{ session: SessionRow; user: UserRow; tokenHash: string } | undefined> {
  const token = cookieValue(cookieHeader, SESSION_COOKIE);
  // A real token is 43 base64url characters; anything else cannot match and is not looked up.
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const tokenHash = sha256Hex(token);
  const found = await storage.sessions.findLive(tokenHash, now);
  return found ? { ...found, tokenHash } : undefined;
}

/**
 * Creates a session for `user`, made by `loginMethod`; returns the cookie token (to send once)
 * and the stored row.
 */
export async function createSession(
  storage: Storage,
  config: Config,
  user: UserRow,
  now: Date,
  loginMethod: LoginMethod,
): Promise<{ token: string; session: SessionRow }> {
  const token = randomToken(32);
  const session: SessionRow = {
    tokenHash: sha256Hex(token),
    userId: user.id,
    csrfToken: randomToken(32),
    loginMethod,
    createdAt: now,
    expiresAt: new Date(now.getTime() + config.sessionTtlHours * 3_600_000),
  };
  await storage.sessions.create(session);
  return { token, session };
}

/** Sets the session cookie on `reply`. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.isSecureCookies,
    path: '/',
    maxAge: config.sessionTtlHours * 3600,
  });
}

/** Clears the session cookie on `reply`. */
export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.isSecureCookies,
    path: '/',
  });
}
