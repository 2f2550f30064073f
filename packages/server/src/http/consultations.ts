/** Consultations and their invitation links, for the clinician who owns them. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CreateConsultationBody,
  CreateInvitationBody,
  Id,
  type ConsultationList,
  type ConsultationSummary,
  type CreatedConsultation,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { ConsultationRow, UserRow } from '../storage/types.ts';
import { consultationView } from '../storage/repositories/consultations.ts';
import { authOf, requireUser } from './auth-guard.ts';
import type { PlatformContext } from './context.ts';
import { createInvitationLink } from './invitation-links.ts';
import { parseWith } from './validate.ts';
import { expectedPatientHmacOf } from './expected-patient.ts';

const ConsultationParams = z.object({ id: z.string() });
const InvitationParams = z.object({ id: z.string(), invitationId: z.string() });

/** The consultation `id` if `user` owns it: unknown ids are CONSULTATION_NOT_FOUND, others' FORBIDDEN. */
export async function ownedConsultation(ctx: PlatformContext, user: UserRow, id: string): Promise<ConsultationRow> {
  const consultation = Id.safeParse(id).success ? await ctx.storage.consultations.get(id) : undefined;
  if (!consultation) throw new AppError('CONSULTATION_NOT_FOUND');
  if (consultation.ownerUserId !== user.id) throw new AppError('FORBIDDEN');
  return consultation;
}

function consultationParams(request: FastifyRequest): { id: string } {
  return parseWith(ConsultationParams, request.params);
}

export const consultationRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.samtale;
  const { storage, config, now } = ctx;

  app.get(
    '/api/consultations',
    { preHandler: requireUser('clinician') },
    async (request): Promise<ConsultationList> => {
      const { user } = authOf(request);
      return { consultations: await storage.consultations.viewsForOwner(user.id) };
    },
  );

  app.post('/api/consultations', { preHandler: requireUser('clinician') }, async (request, reply) => {
    const { user } = authOf(request);
    // A bodiless POST means "no label".
    const body = parseWith(CreateConsultationBody, request.body === undefined ? {} : request.body);
    const consultation = await storage.consultations.create({
      organisationId: user.organisationId,
      ownerUserId: user.id,
      label: body.label === undefined || body.label === '' ? null : body.label,
      expectedPatientHmac: expectedPatientHmacOf(ctx.identityHasher, body.expectedPatient),
    });
    await storage.audit.append(
      { action: 'consultation_created', actorUserId: user.id, consultationId: consultation.id },
      now(),
    );
    const invitation = await createInvitationLink(ctx, consultation, user, 'patient', config.invitationTtlMinutes);
    const { url: _url, ...stored } = invitation;
    const answer: CreatedConsultation = {
      consultation: consultationView(consultation, [], [], 0),
      invitation,
    };
    answer.consultation.invitations.push(stored);
    return reply.code(201).send(answer);
  });

  app.post('/api/consultations/:id/invitations', { preHandler: requireUser() }, async (request, reply) => {
    const { user } = authOf(request);
    const consultation = await ownedConsultation(ctx, user, consultationParams(request).id);
    const body = parseWith(CreateInvitationBody, request.body);
    if (consultation.status === 'ended') throw new AppError('CONSULTATION_ENDED');
    const invitation = await createInvitationLink(
      ctx,
      consultation,
      user,
      body.role,
      body.ttlMinutes ?? config.invitationTtlMinutes,
    );
    return reply.code(201).send(invitation);
  });

  app.post(
    '/api/consultations/:id/invitations/:invitationId/revoke',
    { preHandler: requireUser() },
    async (request, reply) => {
      const { user } = authOf(request);
      const params = parseWith(InvitationParams, request.params);
      const consultation = await ownedConsultation(ctx, user, params.id);
      const invitations = await storage.invitations.listByConsultation(consultation.id);
      const invitation = invitations.find((i) => i.id === params.invitationId);
      if (!invitation) throw new AppError('NOT_FOUND');
      if (invitation.revokedAt === null) {
        const at = now();
        await storage.invitations.revoke(invitation.id, at);
        await storage.audit.append(
          {
            action: 'invitation_revoked',
            actorUserId: user.id,
            consultationId: consultation.id,
            details: { invitationId: invitation.id },
          },
          at,
        );
      }
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/consultations/:id/summary',
    { preHandler: requireUser() },
    async (request): Promise<ConsultationSummary> => {
      const { user } = authOf(request);
      const consultation = await ownedConsultation(ctx, user, consultationParams(request).id);
      const participants = (await storage.participants.listByConsultation(consultation.id))
        .filter((p) => p.firstJoinedAt !== null)
        .sort((a, b) => (a.firstJoinedAt?.getTime() ?? 0) - (b.firstJoinedAt?.getTime() ?? 0));
      const { startedAt, endedAt } = consultation;
      return {
        id: consultation.id,
        label: consultation.label,
        startedAt: startedAt?.toISOString() ?? null,
        endedAt: endedAt?.toISOString() ?? null,
        durationSeconds:
          startedAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null,
        participants: participants.map((p) => ({
          displayName: p.displayName,
          role: p.role,
          identification: p.identification,
          firstJoinedAt: p.firstJoinedAt?.toISOString() ?? null,
          lastLeftAt: p.lastLeftAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
