/**
 * Where a ceremony's challenge is kept: in storage (any node can check it; each is taken once, by
 * the statement that deletes it), bound to what started the ceremony. Registration is bound to
 * the member's session; a login to a pre-login cookie (HttpOnly, SameSite=Strict, only sent to
 * /api/auth/passkey) that carries a random token, of which storage keeps only the hash.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../errors.ts';
import type { PasskeyChallengePurpose, PasskeyChallengeRow, Storage } from '../../storage/types.ts';
import { cookieValue } from '../session.ts';
import { randomToken, sha256Hex } from '../tokens.ts';
import { CEREMONY_TIMEOUT_MS } from './ceremonies.ts';

export const PASSKEY_LOGIN_COOKIE = 'samtale_passkey';
const LOGIN_COOKIE_PATH = '/api/auth/passkey';

/** The key of a registration challenge: the session's token hash, for this purpose only. */
export function registrationKey(sessionTokenHash: string): string {
  return sha256Hex(`registration:${sessionTokenHash}`);
}

/** Stores a registration challenge for the session `sessionTokenHash` of `userId`. */
export async function putRegistrationChallenge(
  storage: Storage,
  sessionTokenHash: string,
  userId: string,
  challenge: string,
  now: Date,
): Promise<void> {
  await storage.passkeyChallenges.put(
    {
      keyHash: registrationKey(sessionTokenHash),
      purpose: 'registration',
      userId,
      challenge,
      expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS),
    },
    now,
  );
}

/** Takes the session's registration challenge, or refuses with PASSKEY_CHALLENGE_INVALID. */
export async function takeRegistrationChallenge(
  storage: Storage,
  sessionTokenHash: string,
  now: Date,
): Promise<PasskeyChallengeRow> {
  const row = await storage.passkeyChallenges.take(registrationKey(sessionTokenHash), ['registration'], now);
  if (!row) throw new AppError('PASSKEY_CHALLENGE_INVALID');
  return row;
}

/** Stores a login challenge under a fresh pre-login cookie set on `reply`. */
export async function putLoginChallenge(
  storage: Storage,
  config: Config,
  reply: FastifyReply,
  purpose: Exclude<PasskeyChallengePurpose, 'registration'>,
  userId: string | null,
  challenge: string,
  now: Date,
): Promise<void> {
  const token = randomToken(32);
  await storage.passkeyChallenges.put(
    { keyHash: sha256Hex(token), purpose, userId, challenge, expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS) },
    now,
  );
  void reply.setCookie(PASSKEY_LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.isSecureCookies,
    path: LOGIN_COOKIE_PATH,
    maxAge: CEREMONY_TIMEOUT_MS / 1000,
  });
}

/**
 * Takes the login challenge of the request's pre-login cookie (and clears the cookie), or
 * refuses with PASSKEY_CHALLENGE_INVALID: no cookie, expired, or already used.
 */
export async function takeLoginChallenge(
  storage: Storage,
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
): Promise<PasskeyChallengeRow> {
  const token = cookieValue(request.headers.cookie, PASSKEY_LOGIN_COOKIE);
  void reply.clearCookie(PASSKEY_LOGIN_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.isSecureCookies,
    path: LOGIN_COOKIE_PATH,
  });
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) throw new AppError('PASSKEY_CHALLENGE_INVALID');
  const row = await storage.passkeyChallenges.take(sha256Hex(token), ['login', 'second-factor'], now);
  if (!row) throw new AppError('PASSKEY_CHALLENGE_INVALID');
  return row;
}
