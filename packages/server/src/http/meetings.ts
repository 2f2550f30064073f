/**
 * Meetings (issue 3): an organisation member creates one of a kind (internal, external,
 * clinical, with or without personal data), gets the policy that kind carries, and invites
 * guests with links. Members of the same organisation may see a meeting (to enter it);
 * only its creator (the host) lists it on their dashboard and invites guests.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  CreateInvitationBody,
  CreateMeetingBody,
  Id,
  type CreatedMeeting,
  type MeetingList,
  type MeetingView,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { requirementsOfCall } from '../auth/identification-policy.ts';
import { isMeeting } from '../storage/repositories/consultations.ts';
import type { ConsultationRow, UserRow } from '../storage/types.ts';
import { authOf, requireUser } from './auth-guard.ts';
import type { PlatformContext } from './context.ts';
import { createInvitationLink } from './invitation-links.ts';
import { parseWith } from './validate.ts';

const MeetingParams = z.object({ id: z.string() });

/** The meeting `id` if `user` belongs to its organisation (others: not found, so ids leak nothing). */
export async function meetingForMember(ctx: PlatformContext, user: UserRow, id: string): Promise<ConsultationRow> {
  const row = Id.safeParse(id).success ? await ctx.storage.consultations.get(id) : undefined;
  if (row === undefined || !isMeeting(row) || row.organisationId !== user.organisationId) {
    throw new AppError('CONSULTATION_NOT_FOUND');
  }
  return row;
}

async function viewOf(ctx: PlatformContext, id: string): Promise<MeetingView> {
  const view = await ctx.storage.consultations.meetingView(id);
  if (view === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
  return view;
}

/**
 * The meeting as `user` may see it: who waits (their names) and the links are its host's
 * business only (issue 8: another clinician and the admin read the waiting guests' names of a
 * clinical meeting). Other members see the meeting, its policy and how many are in it.
 */
function viewFor(view: MeetingView, meeting: ConsultationRow, user: UserRow): MeetingView {
  if (meeting.ownerUserId === user.id) return view;
  return { ...view, waiting: [], invitations: [] };
}

export const meetingRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.samtale;
  const { storage, config, now } = ctx;

  app.get('/api/meetings', { preHandler: requireUser() }, async (request): Promise<MeetingList> => {
    const { user } = authOf(request);
    return { meetings: await storage.consultations.meetingViewsForOwner(user.id) };
  });

  app.post('/api/meetings', { preHandler: requireUser() }, async (request, reply) => {
    const { user } = authOf(request);
    const body = parseWith(CreateMeetingBody, request.body);
    const meeting = await storage.consultations.create({
      organisationId: user.organisationId,
      ownerUserId: user.id,
      label: body.title === undefined || body.title === '' ? null : body.title,
      meeting: { kind: body.kind, hasPersonalData: body.hasPersonalData },
    });
    await storage.audit.append(
      {
        action: 'consultation_created',
        actorUserId: user.id,
        consultationId: meeting.id,
        details: { kind: body.kind },
      },
      now(),
    );
    const invitation = await createInvitationLink(ctx, meeting, user, 'colleague', config.invitationTtlMinutes);
    const answer: CreatedMeeting = { meeting: await viewOf(ctx, meeting.id), invitation };
    return reply.code(201).send(answer);
  });

  app.get('/api/meetings/:id', { preHandler: requireUser() }, async (request): Promise<MeetingView> => {
    const { user } = authOf(request);
    const meeting = await meetingForMember(ctx, user, parseWith(MeetingParams, request.params).id);
    const view = viewFor(await viewOf(ctx, meeting.id), meeting, user);
    return { ...view, identificationRequirements: await requirementsOfCall(storage, meeting) };
  });

  app.post('/api/meetings/:id/invitations', { preHandler: requireUser() }, async (request, reply) => {
    const { user } = authOf(request);
    const meeting = await meetingForMember(ctx, user, parseWith(MeetingParams, request.params).id);
    if (meeting.ownerUserId !== user.id) throw new AppError('NOT_HOST');
    if (meeting.status === 'ended') throw new AppError('CONSULTATION_ENDED');
    const body = parseWith(CreateInvitationBody, request.body);
    const invitation = await createInvitationLink(
      ctx,
      meeting,
      user,
      body.role,
      body.ttlMinutes ?? config.invitationTtlMinutes,
    );
    return reply.code(201).send(invitation);
  });
};
