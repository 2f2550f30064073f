/**
 * The organisation's identification rules (issue 8), for its admins: the floors of every kind
 * and the rows the organisation tightened. PUT replaces the tightened rows; one that would be
 * looser than its floor is refused with POLICY_BELOW_FLOOR and nothing is stored.
 */
import type { FastifyPluginAsync } from 'fastify';
import { IDENTIFICATION_FLOORS, OrganisationIdentificationPolicy } from '@samtale/protocol';
import { organisationPolicyOf, saveOrganisationPolicy } from '../auth/identification-policy.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

export const identificationPolicyRoutes: FastifyPluginAsync = async (app) => {
  const { storage } = app.samtale;

  app.get('/api/admin/identification-policy', { preHandler: requireUser('admin') }, async (request) => {
    const { user } = authOf(request);
    return { floors: IDENTIFICATION_FLOORS, organisation: await organisationPolicyOf(storage, user.organisationId) };
  });

  app.put('/api/admin/identification-policy', { preHandler: requireUser('admin') }, async (request) => {
    const { user } = authOf(request);
    const policy = parseWith(OrganisationIdentificationPolicy, request.body);
    await saveOrganisationPolicy(storage, user.organisationId, policy);
    return { floors: IDENTIFICATION_FLOORS, organisation: policy };
  });
};
