/**
 * What a person who opens a link may learn before joining: its role, the organisation and the
 * expiry — or a coded reason it cannot be used. Nothing about the consultation or its people.
 */
import type { FastifyPluginAsync } from 'fastify';
import { InspectInvitationBody, type InvitationInfo } from '@samtale/protocol';
import { requirementsOfCall } from '../auth/identification-policy.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { parseWith } from './validate.ts';
import type { LinkAttemptLimiter } from '../auth/LinkAttemptLimiter.ts';
import { currentPatientTexts } from '../consent/documents.ts';
import { idportenIdentificationOf } from '../auth/oidc/idporten-grants.ts';

export interface InvitationRoutesOptions {
  /** Shared with the WebSocket join, so a guesser cannot double its tries by using both. */
  limiter: LinkAttemptLimiter;
}

export const invitationRoutes: FastifyPluginAsync<InvitationRoutesOptions> = async (app, { limiter }) => {
  const { storage, now, appointments, config } = app.samtale;

  app.post('/api/invitations/inspect', async (request): Promise<InvitationInfo> => {
    const body = parseWith(InspectInvitationBody, request.body);
    const reservation = limiter.reserve(request.ip, now());
    if (!reservation.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
    const invitation = await storage.invitations.findByTokenHash(sha256Hex(body.token));
    const consultation = invitation ? await storage.consultations.get(invitation.consultationId) : undefined;
    if (!invitation || !consultation) throw new AppError('INVITATION_INVALID');
    reservation.attempt.matched();
    if (consultation.status === 'ended') throw new AppError('CONSULTATION_ENDED');
    if (invitation.revokedAt !== null) throw new AppError('INVITATION_REVOKED');
    if (invitation.expiresAt.getTime() <= now().getTime()) throw new AppError('INVITATION_EXPIRED');
    // A booked consultation's day view shows that the patient opened the link (issue 9).
    await appointments.linkOpened(invitation);
    const organisation = await storage.organisations.get(consultation.organisationId);
    // This browser's ID-porten identification for this link (issue 8): its level only.
    const identified = await idportenIdentificationOf(storage, request.headers.cookie, invitation.id, now());
    return {
      role: invitation.role,
      organisationName: organisation?.name ?? '',
      expiresAt: invitation.expiresAt.toISOString(),
      // What the person reads and consents to: the organisation's current texts (issue 9).
      texts: await currentPatientTexts(storage, consultation.organisationId, now()),
      identificationRequired: (await requirementsOfCall(storage, consultation))[
        invitation.role === 'patient' ? 'patient' : 'guest'
      ],
      isIdportenEnabled: config.idporten !== null,
      ...(identified === undefined ? {} : { idportenLevel: identified.level }),
    };
  });
};
