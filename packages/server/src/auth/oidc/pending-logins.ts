/**
 * Logins between the redirect to the provider and its callback: kept in storage (so any node
 * can finish them), bound to the browser by a random HttpOnly cookie whose SHA-256 is the key,
 * valid for minutes, and taken (deleted) on first use. Nothing of them is in a URL.
 */
import type { FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import type { OidcPendingLoginRow, Storage } from '../../storage/types.ts';
import { cookieValue } from '../session.ts';
import { randomToken, sha256Hex } from '../tokens.ts';
import type { PendingLogin } from './OidcClient.ts';

/** The cookie that binds a pending login to the browser that started it. */
export const OIDC_LOGIN_COOKIE = 'samtale_oidc';
/** How long a person has at the provider before the login must be started again. */
export const PENDING_LOGIN_TTL_MS = 10 * 60_000;
const COOKIE_PATH = '/api/auth/';

export interface PendingLoginPurpose {
  readonly provider: OidcPendingLoginRow['provider'];
  readonly purpose: OidcPendingLoginRow['purpose'];
  readonly userId: string | null;
  /** The invitation whose holder identifies (purpose `identify`). */
  readonly invitationId?: string;
}

/** Stores `pending` and returns the cookie token that will find it (send it once, then forget it). */
export async function savePendingLogin(
  storage: Storage,
  purpose: PendingLoginPurpose,
  pending: PendingLogin,
  now: Date,
): Promise<string> {
  const token = randomToken(32);
  await storage.oidcLogins.deleteExpired(now);
  await storage.oidcLogins.create({
    keyHash: sha256Hex(token),
    ...purpose,
    invitationId: purpose.invitationId ?? null,
    state: pending.state,
    nonce: pending.nonce,
    codeVerifier: pending.codeVerifier,
    dpopKey: pending.dpopKey === null ? null : JSON.stringify(pending.dpopKey),
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_LOGIN_TTL_MS),
  });
  return token;
}

/**
 * Takes the pending login of this browser for `provider`: gone afterwards, whatever happens next.
 * No cookie, an unknown or expired one, or another provider's login: OIDC_LOGIN_INVALID.
 */
export async function takePendingLogin(
  storage: Storage,
  cookieHeader: string | undefined,
  provider: OidcPendingLoginRow['provider'],
  now: Date,
): Promise<{ row: OidcPendingLoginRow; pending: PendingLogin }> {
  const token = cookieValue(cookieHeader, OIDC_LOGIN_COOKIE);
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw new AppError('OIDC_LOGIN_INVALID');
  const row = await storage.oidcLogins.take(sha256Hex(token), now);
  if (row === undefined || row.provider !== provider) throw new AppError('OIDC_LOGIN_INVALID');
  return {
    row,
    pending: {
      state: row.state,
      nonce: row.nonce,
      codeVerifier: row.codeVerifier,
      dpopKey: row.dpopKey === null ? null : (JSON.parse(row.dpopKey) as PendingLogin['dpopKey']),
    },
  };
}

/** Sets the pending-login cookie (sent back on the provider's top-level redirect: SameSite=Lax). */
export function setPendingLoginCookie(reply: FastifyReply, isSecure: boolean, token: string): void {
  void reply.setCookie(OIDC_LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure,
    path: COOKIE_PATH,
    maxAge: PENDING_LOGIN_TTL_MS / 1000,
  });
}

export function clearPendingLoginCookie(reply: FastifyReply, isSecure: boolean): void {
  void reply.clearCookie(OIDC_LOGIN_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isSecure, path: COOKIE_PATH });
}
