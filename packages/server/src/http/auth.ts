/** Login, logout and "who am I" for local accounts (argon2id password hashes). */
import type { FastifyPluginAsync } from 'fastify';
import { hash, verify } from '@node-rs/argon2';
import { LoginBody, type LoginAnswer, type LogoutView, type SessionView } from '@samtale/protocol';
import type { OidcClient } from '../auth/oidc/OidcClient.ts';
import { AppError } from '../errors.ts';
import { authOf, requireUser } from './auth-guard.ts';
import type { LoginRateLimiter } from './LoginRateLimiter.ts';
import { assertSameOrigin } from './origin-check.ts';
import { clearSessionCookie, createSession, setSessionCookie } from '../auth/session.ts';
import { randomToken } from '../auth/tokens.ts';
import { publishSessionEnded } from '../application/channels.ts';
import { parseWith } from './validate.ts';
import { userView } from './views.ts';
import { secondFactorAnswer } from './passkey-login.ts';

export interface AuthRoutesOptions {
  limiter: LoginRateLimiter;
  /** HelseID, when configured: its sessions also end at HelseID's end-session endpoint. */
  helseId?: OidcClient | null;
}

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, { limiter, helseId = null }) => {
  const { config, storage, bus, now } = app.samtale;
  // Verified against when the email is unknown, so a miss takes as long as a wrong password.
  let dummyHash: Promise<string> | undefined;
  const getDummyHash = () => (dummyHash ??= hash(randomToken(16)));

  app.post('/api/auth/login', async (request, reply): Promise<LoginAnswer> => {
    assertSameOrigin(request, config.publicUrl);
    const body = parseWith(LoginBody, request.body);
    const at = now();
    // Reserved before anything is awaited, so parallel guesses cannot all pass the check.
    const reservation = limiter.reserve(body.email, request.ip, at);
    if (!reservation.ok) {
      throw new AppError('LOGIN_RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
    }

    const user = await storage.users.findByEmail(body.email);
    const isValid = user
      ? await verify(user.passwordHash, body.password)
      : await verify(await getDummyHash(), body.password).then(() => false);
    if (!user || !isValid) {
      reservation.attempt.failed();
      await storage.audit.append({ action: 'login_failed', actorUserId: user?.id ?? null }, at);
      throw new AppError('LOGIN_FAILED');
    }
    reservation.attempt.succeeded(at);
    // "Krev passnøkkel": the right password alone makes no session (issue 8).
    if (user.requiresPasskey) return secondFactorAnswer(storage, config, reply, user, at);
    const { token, session } = await createSession(storage, config, user, at, { method: 'password' });
    await storage.audit.append({ action: 'login', actorUserId: user.id }, at);
    setSessionCookie(reply, config, token);
    return { user: await userView(storage, user), csrfToken: session.csrfToken, loginMethod: session.loginMethod };
  });

  app.post('/api/auth/logout', { preHandler: requireUser() }, async (request, reply) => {
    const auth = authOf(request);
    await storage.sessions.delete(auth.tokenHash);
    // Sockets opened with this session (dashboard, host, member) close on every node.
    await publishSessionEnded(bus, auth.tokenHash);
    await storage.audit.append({ action: 'logout', actorUserId: auth.user.id }, now());
    clearSessionCookie(reply, config);
    if (auth.session.loginMethod.method === 'helseid' && helseId !== null) {
      // The browser goes on to HelseID, which ends its own session and sends it back to /login.
      const endSession = await helseId.endSessionUrl().catch(() => null);
      const view: LogoutView = { endSessionUrl: endSession?.href ?? null };
      return reply.code(200).send(view);
    }
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { preHandler: requireUser() }, async (request): Promise<SessionView> => {
    const auth = authOf(request);
    return {
      user: await userView(storage, auth.user),
      csrfToken: auth.session.csrfToken,
      loginMethod: auth.session.loginMethod,
    };
  });
};
