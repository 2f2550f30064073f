/**
 * An administrator resets a member's sign-in (issue 8): every passkey removed, a new password set
 * (handed over like the first one, see POST /api/users), "krev passnøkkel" off, and every session
 * of the member ended, so a lost or stolen device no longer gets in.
 */
import type { FastifyPluginAsync } from 'fastify';
import { hash } from '@node-rs/argon2';
import * as z from 'zod/mini';
import { Id, ResetCredentialsBody, type UserView } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { publishSessionEnded } from '../application/channels.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';
import { userView } from './views.ts';

const UserParams = z.object({ id: Id });

export const userCredentialRoutes: FastifyPluginAsync = async (app) => {
  const { storage, bus, now } = app.samtale;

  app.post(
    '/api/users/:id/reset-credentials',
    { preHandler: requireUser('admin') },
    async (request): Promise<UserView> => {
      const { user: admin } = authOf(request);
      const { id } = parseWith(UserParams, request.params);
      const body = parseWith(ResetCredentialsBody, request.body);
      const member = await storage.users.get(id);
      // Another organisation's member is not there, as far as this admin can tell.
      if (!member || member.organisationId !== admin.organisationId) throw new AppError('NOT_FOUND');
      const { endedSessions, passkeysRemoved } = await storage.users.resetCredentials(id, await hash(body.password));
      await Promise.all(endedSessions.map((tokenHash) => publishSessionEnded(bus, tokenHash)));
      await storage.audit.append(
        { action: 'credentials_reset', actorUserId: admin.id, details: { userId: id, passkeysRemoved } },
        now(),
      );
      const updated = await storage.users.get(id);
      if (!updated) throw new AppError('NOT_FOUND');
      return userView(storage, updated);
    },
  );
};
