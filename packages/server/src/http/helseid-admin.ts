/**
 * The admin's HelseID settings (issue 8): register a member by HPR number (they log in with
 * HelseID only), and allow members with an HPR number to be created on first login with a role.
 */
import type { FastifyPluginAsync } from 'fastify';
import { hash } from '@node-rs/argon2';
import {
  HelseIdProvisioning,
  RegisterHelseIdMemberBody,
  type HelseIdAdminView,
  type HelseIdMemberView,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { HELSEID_PROVISIONING_SETTING, provisioningRole } from '../auth/oidc/helseid-members.ts';
import { randomToken } from '../auth/tokens.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

export interface HelseIdAdminRoutesOptions {
  isConfigured: boolean;
  /** What the admin page shows of the configuration: public identifiers, no key. */
  issuer: string | null;
  clientId: string | null;
}

export const helseIdAdminRoutes: FastifyPluginAsync<HelseIdAdminRoutesOptions> = async (
  app,
  { isConfigured, issuer, clientId },
) => {
  const { storage, now } = app.samtale;

  app.get('/api/admin/helseid', { preHandler: requireUser('admin') }, async (request): Promise<HelseIdAdminView> => {
    const { user } = authOf(request);
    const role = await provisioningRole(storage);
    const members = await storage.helseIdMembers.listByOrganisation(user.organisationId);
    return {
      isConfigured,
      issuer,
      clientId,
      provisioning: { isEnabled: role !== null, role: role ?? 'clinician' },
      members: members.map((m): HelseIdMemberView => ({
        userId: m.userId,
        hprNumber: m.hprNumber,
        isLinked: m.pidPseudonymHmac !== null,
      })),
    };
  });

  app.put('/api/admin/helseid/provisioning', { preHandler: requireUser('admin') }, async (request) => {
    const body = parseWith(HelseIdProvisioning, request.body);
    if (body.isEnabled) {
      await storage.settings.set(HELSEID_PROVISIONING_SETTING, JSON.stringify({ role: body.role }));
    } else {
      await storage.settings.delete(HELSEID_PROVISIONING_SETTING);
    }
    return body;
  });

  app.post('/api/admin/helseid/members', { preHandler: requireUser('admin') }, async (request, reply) => {
    const { user: admin } = authOf(request);
    const body = parseWith(RegisterHelseIdMemberBody, request.body);
    if ((await storage.helseIdMembers.findByHprNumber(body.hprNumber)) !== undefined) {
      throw new AppError('HELSEID_ALREADY_LINKED');
    }
    const created = await storage.users.create({
      organisationId: admin.organisationId,
      email: body.email,
      displayName: body.displayName,
      role: body.role,
      // No password: this member logs in with HelseID (an admin can add one later).
      passwordHash: await hash(randomToken(32)),
    });
    const at = now();
    await storage.helseIdMembers.register(created.id, body.hprNumber, at);
    await storage.audit.append(
      {
        action: 'user_created',
        actorUserId: admin.id,
        details: { userId: created.id, role: created.role, via: 'helseid' },
      },
      at,
    );
    const view: HelseIdMemberView = { userId: created.id, hprNumber: body.hprNumber, isLinked: false };
    return reply.code(201).send(view);
  });
};
