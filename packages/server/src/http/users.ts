/** User administration (admins only, within their organisation). */
import type { FastifyPluginAsync } from 'fastify';
import { hash } from '@node-rs/argon2';
import { CreateUserBody, type UserList, type UserView } from '@samtale/protocol';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';
import { userView } from './views.ts';

export const userRoutes: FastifyPluginAsync = async (app) => {
  const { storage, now } = app.samtale;

  app.get('/api/users', { preHandler: requireUser('admin') }, async (request): Promise<UserList> => {
    const { user } = authOf(request);
    const users = await storage.users.listByOrganisation(user.organisationId);
    return { users: await Promise.all(users.map((u) => userView(storage, u))) };
  });

  app.post('/api/users', { preHandler: requireUser('admin') }, async (request, reply): Promise<UserView> => {
    const { user: admin } = authOf(request);
    const body = parseWith(CreateUserBody, request.body);
    const created = await storage.users.create({
      organisationId: admin.organisationId,
      email: body.email,
      displayName: body.displayName,
      role: body.role,
      passwordHash: await hash(body.password),
    });
    await storage.audit.append(
      { action: 'user_created', actorUserId: admin.id, details: { userId: created.id, role: created.role } },
      now(),
    );
    return reply.code(201).send(await userView(storage, created));
  });
};
