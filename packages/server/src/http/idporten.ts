/**
 * ID-porten identification of a link's holder before the waiting room (issue 8). The start takes
 * the link token in a POST body (never a URL: not in ID-porten's URL, not in a log), remembers
 * only the invitation's id in the pending login (bound to this browser by its cookie) and answers
 * with the PAR redirect; the callback checks state, code, ID token and `acr` against the level
 * the call's policy accepts, turns the `pid` into its keyed hash at once, and binds the result to
 * this browser and this link (idporten-grants.ts). The browser then comes back to the patient
 * page, `/j/idporten` (with `?error=CODE` when refused); the page knows its own link.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InspectInvitationBody, type RedirectView } from '@samtale/protocol';
import { AppError, appErrorFrom } from '../errors.ts';
import { assertSameOrigin } from './origin-check.ts';
import { parseWith } from './validate.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { requirementsOfCall } from '../auth/identification-policy.ts';
import type { LinkAttemptLimiter } from '../auth/LinkAttemptLimiter.ts';
import type { OidcClient } from '../auth/oidc/OidcClient.ts';
import { describeOidcFailure } from '../auth/oidc/errors.ts';
import { acceptedLevels, acrFor, idportenIdentityOf } from '../auth/oidc/idporten-identity.ts';
import { clearIdportenCookie, saveIdportenIdentification, setIdportenCookie } from '../auth/oidc/idporten-grants.ts';
import {
  clearPendingLoginCookie,
  savePendingLogin,
  setPendingLoginCookie,
  takePendingLogin,
} from '../auth/oidc/pending-logins.ts';
import type { ConsultationRow, InvitationRow, Storage } from '../storage/types.ts';

export interface IdportenRoutesOptions {
  client: OidcClient | null;
  /** The link limiter of inspect and join: the start redeems a link too. */
  limiter: LinkAttemptLimiter;
}

/** The consultation of a link that can still be used, or the coded reason it cannot. */
async function usableLink(
  storage: Storage,
  invitation: InvitationRow | undefined,
  now: Date,
): Promise<{ invitation: InvitationRow; consultation: ConsultationRow }> {
  const consultation = invitation ? await storage.consultations.get(invitation.consultationId) : undefined;
  if (!invitation || !consultation) throw new AppError('INVITATION_INVALID');
  if (consultation.status === 'ended') throw new AppError('CONSULTATION_ENDED');
  if (invitation.revokedAt !== null) throw new AppError('INVITATION_REVOKED');
  if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('INVITATION_EXPIRED');
  return { invitation, consultation };
}

export const idportenRoutes: FastifyPluginAsync<IdportenRoutesOptions> = async (app, { client, limiter }) => {
  const { config, storage, now, identityHasher } = app.samtale;
  const secure = config.isSecureCookies;

  /** The levels the link's holder may identify at under the call's current rules. */
  const levelsOf = async (invitation: InvitationRow, consultation: ConsultationRow) =>
    acceptedLevels(
      (await requirementsOfCall(storage, consultation))[invitation.role === 'patient' ? 'patient' : 'guest'],
    );

  app.post('/api/auth/idporten/start', async (request, reply): Promise<RedirectView> => {
    assertSameOrigin(request, config.publicUrl);
    const body = parseWith(InspectInvitationBody, request.body);
    if (client === null) throw new AppError('OIDC_NOT_CONFIGURED');
    const at = now();
    const reservation = limiter.reserve(request.ip, at);
    if (!reservation.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
    const found = await storage.invitations.findByTokenHash(sha256Hex(body.token));
    if (found !== undefined) reservation.attempt.matched();
    const { invitation, consultation } = await usableLink(storage, found, at);
    const { url, pending } = await client.beginLogin({
      acrValues: acrFor(await levelsOf(invitation, consultation)).acrValues,
    });
    const token = await savePendingLogin(
      storage,
      { provider: 'idporten', purpose: 'identify', userId: null, invitationId: invitation.id },
      pending,
      at,
    );
    setPendingLoginCookie(reply, secure, token);
    return { url: url.href };
  });

  app.get('/api/auth/idporten/callback', async (request, reply) => {
    clearPendingLoginCookie(reply, secure);
    const back = `${config.publicUrl}/j/idporten`;
    let consultationId: string | null = null;
    try {
      if (client === null || config.idporten === null) throw new AppError('OIDC_NOT_CONFIGURED');
      const done = await completeCallback(request, reply, client, config.idporten.redirectUrl, (id) => {
        consultationId = id;
      });
      await storage.audit.append(
        { action: 'idporten_identified', consultationId: done.consultationId, details: { level: done.level } },
        now(),
      );
      return reply.redirect(back, 303);
    } catch (err) {
      // Everything refused is an AppError by now; anything else is a bug (INTERNAL).
      const failure = appErrorFrom(err);
      if (failure === null) throw err;
      app.log.warn({ oidc: describeOidcFailure(failure) }, 'ID-porten identification refused');
      await storage.audit.append(
        { action: 'idporten_refused', consultationId, details: { code: failure.code } },
        now(),
      );
      clearIdportenCookie(reply, secure);
      return reply.redirect(`${back}?error=${encodeURIComponent(failure.code)}`, 303);
    }
  });

  async function completeCallback(
    request: FastifyRequest,
    reply: FastifyReply,
    rp: OidcClient,
    redirectUrl: string,
    onConsultation: (id: string) => void,
  ): Promise<{ consultationId: string; level: string }> {
    const at = now();
    const { row, pending } = await takePendingLogin(storage, request.headers.cookie, 'idporten', at);
    if (row.purpose !== 'identify' || row.invitationId === null) throw new AppError('OIDC_LOGIN_INVALID');
    const { invitation, consultation } = await usableLink(storage, await storage.invitations.get(row.invitationId), at);
    onConsultation(consultation.id);
    // The registered redirect URI with the provider's query (the request's own host may be a proxy's).
    const callbackUrl = new URL(redirectUrl);
    callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;
    const login = await rp.completeLogin(pending, callbackUrl, {
      acceptedAcr: acrFor(await levelsOf(invitation, consultation)).acceptedAcr,
    });
    const identity = idportenIdentityOf(login.claims, identityHasher);
    // Issue 8, a forwarded link: once its holder identified, only the same person may use it.
    // Checked again at the join (the holder may change meanwhile); here it spares the other
    // person the device check, and nothing is stored for them.
    const holder =
      invitation.participantId === null ? undefined : await storage.participants.get(invitation.participantId);
    if (holder !== undefined && holder.pidHmac !== null && holder.pidHmac !== identity.pidHmac)
      throw new AppError('IDPORTEN_OTHER_PERSON');
    const token = await saveIdportenIdentification(storage, invitation.id, identity, at);
    setIdportenCookie(reply, secure, token);
    return { consultationId: consultation.id, level: identity.level };
  }
};
