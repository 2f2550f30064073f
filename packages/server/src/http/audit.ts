/**
 * The audit trail, for administrators: `GET /api/audit` with the filters and cursor of
 * AuditQuery (newest first, AUDIT_PAGE_DEFAULT per page).
 */
import type { FastifyPluginAsync } from 'fastify';
import { AuditQuery, type AuditList } from '@samtale/protocol';
import type { AuditEventRow } from '../storage/types.ts';
import { auditFilterOf } from '../storage/repositories/audit.ts';
import { requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

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
    count: e.count,
    lastAt: e.lastAt?.toISOString() ?? null,
    hash: e.hash,
  };
}

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const { storage } = app.samtale;
  app.get('/api/audit', { preHandler: requireUser('admin') }, async (request): Promise<AuditList> => {
    const page = await storage.audit.page(auditFilterOf(parseWith(AuditQuery, request.query)));
    return { events: page.events.map(auditEventView), nextCursor: page.nextCursor };
  });
};
