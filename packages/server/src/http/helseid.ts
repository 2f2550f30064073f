/**
 * HelseID login for members (issue 8): start (PAR, then a redirect carrying only client_id and
 * request_uri), the callback (state, code, tokens, member), and the explicit link step for a
 * member logged in locally. Failures send the browser to the login page with the error's code
 * (never anything personal in the URL).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginProviders, RedirectView } from '@samtale/protocol';
import { AppError, appErrorFrom } from '../errors.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { assertSameOrigin } from './origin-check.ts';
import { createSession, sessionUserFromCookieHeader, setSessionCookie } from '../auth/session.ts';
import { publishSessionEnded } from '../application/channels.ts';
import type { OidcClient } from '../auth/oidc/OidcClient.ts';
import type { OidcPendingLoginRow } from '../storage/types.ts';
import { describeOidcFailure, oidcAppError } from '../auth/oidc/errors.ts';
import { helseIdIdentityOf, helseIdLoginMethod } from '../auth/oidc/helseid-identity.ts';
import { linkHelseId, memberForHelseId } from '../auth/oidc/helseid-members.ts';
import {
  clearPendingLoginCookie,
  savePendingLogin,
  setPendingLoginCookie,
  takePendingLogin,
} from '../auth/oidc/pending-logins.ts';

export interface HelseIdRoutesOptions {
  client: OidcClient | null;
}

export const helseIdRoutes: FastifyPluginAsync<HelseIdRoutesOptions> = async (app, { client }) => {
  const { config, storage, bus, now, identityHasher } = app.samtale;
  const secure = config.isSecureCookies;

  const toLoginPage = (reply: FastifyReply, code: string) =>
    reply.redirect(`${config.publicUrl}/login?error=${encodeURIComponent(code)}`, 303);
  // The link step started on /account and ends there, with its outcome (a code, nothing personal).
  const toAccountPage = (reply: FastifyReply, outcome: { helseid: 'linked' } | { error: string }) =>
    reply.redirect(`${config.publicUrl}/account?${new URLSearchParams(outcome).toString()}`, 303);

  app.get('/api/auth/providers', async (): Promise<LoginProviders> => ({ isHelseIdEnabled: client !== null }));

  app.get('/api/auth/helseid/start', async (_request, reply) => {
    if (client === null) return toLoginPage(reply, 'OIDC_NOT_CONFIGURED');
    try {
      const { url, pending } = await client.beginLogin();
      const token = await savePendingLogin(
        storage,
        { provider: 'helseid', purpose: 'login', userId: null },
        pending,
        now(),
      );
      setPendingLoginCookie(reply, secure, token);
      return reply.redirect(url.href, 303);
    } catch (err) {
      const failure = oidcAppError(err);
      app.log.warn({ oidc: describeOidcFailure(failure) }, 'HelseID login could not start');
      return toLoginPage(reply, failure.code);
    }
  });

  app.post('/api/auth/helseid/link', { preHandler: requireUser() }, async (request, reply): Promise<RedirectView> => {
    assertSameOrigin(request, config.publicUrl);
    if (client === null) throw new AppError('OIDC_NOT_CONFIGURED');
    const { user } = authOf(request);
    const { url, pending } = await client.beginLogin();
    const token = await savePendingLogin(
      storage,
      { provider: 'helseid', purpose: 'link', userId: user.id },
      pending,
      now(),
    );
    setPendingLoginCookie(reply, secure, token);
    return { url: url.href };
  });

  app.get('/api/auth/helseid/callback', async (request, reply) => {
    clearPendingLoginCookie(reply, secure);
    if (client === null || config.helseId === null) {
      return toLoginPage(reply, 'OIDC_NOT_CONFIGURED');
    }
    let purpose: OidcPendingLoginRow['purpose'] = 'login';
    try {
      const taken = await takePendingLogin(storage, request.headers.cookie, 'helseid', now());
      purpose = taken.row.purpose;
      await completeCallback(request, reply, client, config.helseId.redirectUrl, taken);
      return purpose === 'link'
        ? toAccountPage(reply, { helseid: 'linked' })
        : reply.redirect(`${config.publicUrl}/`, 303);
    } catch (err) {
      // Everything the OIDC steps refuse is an AppError by now; anything else is a bug (INTERNAL).
      const failure = appErrorFrom(err);
      if (failure === null) throw err;
      app.log.warn({ oidc: describeOidcFailure(failure) }, 'HelseID login refused');
      await storage.audit.append({ action: 'login_failed', details: { method: 'helseid', code: failure.code } }, now());
      // A refused link leaves the member's own session as it was: back to the account page.
      return purpose === 'link' ? toAccountPage(reply, { error: failure.code }) : toLoginPage(reply, failure.code);
    }
  });

  async function completeCallback(
    request: FastifyRequest,
    reply: FastifyReply,
    rp: OidcClient,
    redirectUrl: string,
    { row, pending }: Awaited<ReturnType<typeof takePendingLogin>>,
  ): Promise<void> {
    const at = now();
    // The registered redirect URI with the provider's query (the request's own host may be a proxy's).
    const callbackUrl = new URL(redirectUrl);
    callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
    const login = await rp.completeLogin(pending, callbackUrl);
    const identity = helseIdIdentityOf(login.claims, login.userinfo);
    let user;
    if (row.purpose === 'link') {
      // The explicit step: the member who started it must still be logged in, in this browser.
      const current = await sessionUserFromCookieHeader(storage, request.headers.cookie, at);
      if (row.userId === null || current === undefined || current.user.id !== row.userId) {
        throw new AppError('OIDC_LOGIN_INVALID');
      }
      user = await linkHelseId(storage, identityHasher, row.userId, identity, at);
      await storage.audit.append({ action: 'helseid_linked', actorUserId: user.id }, at);
      await storage.sessions.delete(current.tokenHash);
      await publishSessionEnded(bus, current.tokenHash);
    } else {
      const member = await memberForHelseId(storage, identityHasher, identity, at);
      user = member.user;
      if (member.isProvisioned) {
        await storage.audit.append(
          {
            action: 'user_created',
            actorUserId: user.id,
            details: { userId: user.id, role: user.role, via: 'helseid' },
          },
          at,
        );
      }
    }
    const { token } = await createSession(storage, config, user, at, helseIdLoginMethod(identity));
    await storage.audit.append(
      { action: 'login', actorUserId: user.id, details: { method: 'helseid', securityLevel: identity.securityLevel } },
      at,
    );
    setSessionCookie(reply, config, token);
  }
};
