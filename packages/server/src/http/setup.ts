/** First-administrator setup with the one-time token printed at first start. */
import type { FastifyPluginAsync } from 'fastify';
import { hash } from '@node-rs/argon2';
import { SetupBody, type SessionView, type SetupStatus } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { SETUP_TOKEN_SETTING } from '../admin/setup-token.ts';
import { assertSameOrigin } from './origin-check.ts';
import { createSession, setSessionCookie } from '../auth/session.ts';
import { isSameSecret, sha256Hex } from '../auth/tokens.ts';
import { parseWith } from './validate.ts';
import { userView } from './views.ts';

export const setupRoutes: FastifyPluginAsync = async (app) => {
  const { config, storage, now } = app.samtale;
  // Two setup requests at once must not both create an admin: run them one at a time.
  let queue: Promise<unknown> = Promise.resolve();

  app.get('/api/setup/status', async (): Promise<SetupStatus> => ({
    isSetupNeeded: (await storage.users.countAdmins()) === 0,
  }));

  app.post('/api/setup', async (request, reply): Promise<SessionView> => {
    assertSameOrigin(request, config.publicUrl);
    const body = parseWith(SetupBody, request.body);
    const run = queue.then(async () => {
      if ((await storage.users.countAdmins()) > 0) throw new AppError('SETUP_ALREADY_DONE');
      const expected = await storage.settings.get(SETUP_TOKEN_SETTING);
      if (expected === undefined || !isSameSecret(sha256Hex(body.setupToken), expected)) {
        throw new AppError('SETUP_TOKEN_INVALID');
      }
      const organisation =
        (await storage.organisations.first()) ?? (await storage.organisations.create(body.organisationName));
      const user = await storage.users.create({
        organisationId: organisation.id,
        email: body.email,
        displayName: body.displayName,
        role: 'admin',
        passwordHash: await hash(body.password),
      });
      await storage.settings.delete(SETUP_TOKEN_SETTING);
      const at = now();
      await storage.audit.append(
        { action: 'user_created', actorUserId: user.id, details: { role: 'admin', setup: true } },
        at,
      );
      await storage.audit.append({ action: 'login', actorUserId: user.id }, at);
      return { user, session: await createSession(storage, config, user, at, { method: 'password' }) };
    });
    queue = run.catch(() => undefined);
    const { user, session } = await run;
    setSessionCookie(reply, config, session.token);
    return {
      user: await userView(storage, user),
      csrfToken: session.session.csrfToken,
      loginMethod: session.session.loginMethod,
    };
  });
};
