/**
 * Retention and compliance for administrators (issue 8): `GET/PUT /api/admin/retention` (the
 * organisation's periods, validated against the documented bounds) and `GET
 * /api/admin/compliance` (the live overview of docs/COMPLIANCE.md).
 */
import type { FastifyPluginAsync } from 'fastify';
import { RetentionSettings, retentionProblems, type ComplianceReport, type RetentionView } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { retentionDefaults } from '../retention/defaults.ts';
import { complianceReport } from '../retention/compliance-report.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

export const adminRetentionRoutes: FastifyPluginAsync = async (app) => {
  const { config, storage, now } = app.samtale;
  const defaults = retentionDefaults(config);

  async function viewOf(organisationId: string): Promise<RetentionView> {
    const settings = await storage.retention.settingsOf(organisationId);
    return {
      settings: settings ?? defaults,
      defaults,
      isCustomised: settings !== undefined,
      lastPurge: await storage.retention.lastPurge(),
    };
  }

  app.get('/api/admin/retention', { preHandler: requireUser('admin') }, async (request) =>
    viewOf(authOf(request).user.organisationId),
  );

  app.put('/api/admin/retention', { preHandler: requireUser('admin') }, async (request) => {
    const { user } = authOf(request);
    const settings = parseWith(RetentionSettings, request.body);
    if (retentionProblems(settings).length > 0) throw new AppError('RETENTION_OUT_OF_BOUNDS');
    await storage.retention.saveSettings(user.organisationId, settings, user.id, now());
    return viewOf(user.organisationId);
  });

  app.get('/api/admin/compliance', { preHandler: requireUser('admin') }, async (request): Promise<ComplianceReport> =>
    complianceReport(config, storage, authOf(request).user.organisationId, now()),
  );
};
