/** The audit trail, for administrators. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Id, type AuditList } from '@samtale/protocol';
import type { AuditEventRow } from '../storage/types.ts';
import { requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

const AuditQuery = z.object({ consultationId: z.optional(Id) });

/** An audit event as the API shows it (details stay in the database and the CLI). */
export function auditEventView(e: AuditEventRow): AuditList['events'][number] {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actorUserId: e.actorUserId,
    actorParticipantId: e.actorParticipantId,
    consultationId: e.consultationId,
    subjectParticipantId: e.subjectParticipantId,
    hash: e.hash,
  };
}

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const { storage } = app.samtale;
  app.get('/api/audit', { preHandler: requireUser('admin') }, async (request): Promise<AuditList> => {
    const query = parseWith(AuditQuery, request.query);
    const events = await storage.audit.list(
      query.consultationId !== undefined ? { consultationId: query.consultationId } : {},
    );
    return { events: events.map(auditEventView) };
  });
};
