/**
 * Logging in with a passkey (issue 8): without a password (a discoverable credential, user
 * verification required), or as the second factor after the password when the member requires
 * a passkey. No session exists yet, so instead of the CSRF token the request's Origin must be this
 * service, and the challenge is bound to a pre-login cookie.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PasskeyLoginBody, type PasskeyOptions, type SecondFactorRequired, type SessionView } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors.ts';
import type { Storage, UserRow } from '../storage/types.ts';
import { createSession, setSessionCookie } from '../auth/session.ts';
import { authenticationOptions } from '../auth/passkeys/ceremonies.ts';
import { putLoginChallenge, takeLoginChallenge } from '../auth/passkeys/challenges.ts';
import { checkPasskeyLogin, PasskeyRefusal } from '../auth/passkeys/assertion.ts';
import { relyingPartyOf, type RelyingParty } from '../auth/passkeys/relying-party.ts';
import type { LoginRateLimiter } from './LoginRateLimiter.ts';
import { assertSameOrigin } from './origin-check.ts';
import { parseWith } from './validate.ts';
import { userView } from './views.ts';

/** The relying party of this service, or PASSKEYS_UNAVAILABLE (PUBLIC_URL is an IP, or plain http). */
export function requireRelyingParty(config: Config): RelyingParty {
  const rp = relyingPartyOf(config.publicUrl);
  if (rp === null) throw new AppError('PASSKEYS_UNAVAILABLE');
  return rp;
}

/**
 * The answer to a right password of a member who requires a passkey: no session, but a
 * challenge for their own passkeys under the pre-login cookie.
 */
export async function secondFactorAnswer(
  storage: Storage,
  config: Config,
  reply: FastifyReply,
  user: UserRow,
  now: Date,
): Promise<SecondFactorRequired> {
  const rp = requireRelyingParty(config);
  const options = await authenticationOptions(rp, await storage.passkeys.listByUser(user.id));
  await putLoginChallenge(storage, config, reply, 'second-factor', user.id, options.challenge, now);
  return { secondFactor: 'passkey', options };
}

export interface PasskeyLoginRoutesOptions {
  limiter: LoginRateLimiter;
}

export const passkeyLoginRoutes: FastifyPluginAsync<PasskeyLoginRoutesOptions> = async (app, { limiter }) => {
  const { config, storage, now } = app.samtale;

  app.post('/api/auth/passkey/options', async (request, reply): Promise<PasskeyOptions> => {
    assertSameOrigin(request, config.publicUrl);
    const rp = requireRelyingParty(config);
    const options = await authenticationOptions(rp, null);
    await putLoginChallenge(storage, config, reply, 'login', null, options.challenge, now());
    return { options };
  });

  app.post('/api/auth/passkey/login', async (request: FastifyRequest, reply): Promise<SessionView> => {
    assertSameOrigin(request, config.publicUrl);
    const rp = requireRelyingParty(config);
    const { credential } = parseWith(PasskeyLoginBody, request.body);
    const at = now();
    // The login limiter, reserved before anything is awaited (as for passwords): per credential
    // id and per address, so guessing from one address is braked like password guessing.
    const reservation = limiter.reserve(`passkey:${credential.id}`, request.ip, at);
    if (!reservation.ok) {
      throw new AppError('LOGIN_RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
    }
    let found;
    try {
      const challenge = await takeLoginChallenge(storage, config, request, reply, at);
      found = await checkPasskeyLogin(storage, rp, challenge, credential, at);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      reservation.attempt.failed();
      const actorUserId = err instanceof PasskeyRefusal ? err.userId : null;
      await storage.audit.append(
        { action: 'login_failed', actorUserId, details: { method: 'passkey', code: err.code } },
        at,
      );
      throw err;
    }
    reservation.attempt.succeeded(at);
    const { user } = found;
    const { token, session } = await createSession(storage, config, user, at, { method: 'passkey' });
    await storage.audit.append({ action: 'login', actorUserId: user.id, details: { method: 'passkey' } }, at);
    setSessionCookie(reply, config, token);
    return { user: await userView(storage, user), csrfToken: session.csrfToken };
  });
};
