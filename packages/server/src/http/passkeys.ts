/**
 * A member's own passkeys (issue 8): register (options, then the attestation), list, remove, and
 * the "krev passnøkkel" setting. Every route needs the member's session and, for writes, its CSRF
 * token; a registration challenge is bound to that session.
 */
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod/mini';
import {
  Id,
  PasskeySettingsBody,
  RegisterPasskeyBody,
  type PasskeyList,
  type PasskeyOptions,
  type PasskeyView,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { PasskeyRow, Storage, UserRow } from '../storage/types.ts';
import { registrationOptions, verifyRegistration } from '../auth/passkeys/ceremonies.ts';
import { putRegistrationChallenge, takeRegistrationChallenge } from '../auth/passkeys/challenges.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { requireRelyingParty } from './passkey-login.ts';
import { parseWith } from './validate.ts';

const PasskeyParams = z.object({ id: Id });

function passkeyView(p: PasskeyRow): PasskeyView {
  return {
    id: p.id,
    name: p.name,
    createdAt: p.createdAt.toISOString(),
    lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    isBackedUp: p.isBackedUp,
  };
}

async function passkeyList(storage: Storage, user: UserRow): Promise<PasskeyList> {
  const passkeys = await storage.passkeys.listByUser(user.id);
  return { passkeys: passkeys.map(passkeyView), requiresPasskey: user.requiresPasskey };
}

export const passkeyRoutes: FastifyPluginAsync = async (app) => {
  const { config, storage, now } = app.samtale;

  app.get('/api/passkeys', { preHandler: requireUser() }, async (request): Promise<PasskeyList> => {
    return passkeyList(storage, authOf(request).user);
  });

  app.post('/api/passkeys/options', { preHandler: requireUser() }, async (request): Promise<PasskeyOptions> => {
    const { user, tokenHash } = authOf(request);
    const rp = requireRelyingParty(config);
    const options = await registrationOptions(rp, user, await storage.passkeys.listByUser(user.id));
    await putRegistrationChallenge(storage, tokenHash, user.id, options.challenge, now());
    return { options };
  });

  app.post('/api/passkeys', { preHandler: requireUser() }, async (request, reply): Promise<PasskeyView> => {
    const { user, tokenHash } = authOf(request);
    const rp = requireRelyingParty(config);
    const body = parseWith(RegisterPasskeyBody, request.body);
    const at = now();
    const challenge = await takeRegistrationChallenge(storage, tokenHash, at);
    if (challenge.userId !== user.id) throw new AppError('PASSKEY_CHALLENGE_INVALID');
    const verified = await verifyRegistration(rp, body.credential, challenge.challenge);
    const created = await storage.passkeys.create({ ...verified, userId: user.id, name: body.name }, at);
    if (!created) throw new AppError('PASSKEY_ALREADY_REGISTERED');
    await storage.audit.append(
      { action: 'passkey_registered', actorUserId: user.id, details: { passkeyId: created.id } },
      at,
    );
    return reply.code(201).send(passkeyView(created));
  });

  app.post('/api/passkeys/:id/delete', { preHandler: requireUser() }, async (request, reply) => {
    const { user } = authOf(request);
    const { id } = parseWith(PasskeyParams, request.params);
    // The last passkey of a member who requires one stays: else the password alone would do.
    if (user.requiresPasskey && (await storage.passkeys.countByUser(user.id)) <= 1) {
      const own = await storage.passkeys.listByUser(user.id);
      if (own.some((p) => p.id === id)) throw new AppError('PASSKEY_NEEDED');
    }
    if (!(await storage.passkeys.delete(id, user.id))) throw new AppError('NOT_FOUND');
    await storage.audit.append({ action: 'passkey_removed', actorUserId: user.id, details: { passkeyId: id } }, now());
    return reply.code(204).send();
  });

  app.post('/api/passkeys/settings', { preHandler: requireUser() }, async (request): Promise<PasskeyList> => {
    const { user } = authOf(request);
    const { requiresPasskey } = parseWith(PasskeySettingsBody, request.body);
    if (requiresPasskey && (await storage.passkeys.countByUser(user.id)) === 0) throw new AppError('PASSKEY_NEEDED');
    if (requiresPasskey !== user.requiresPasskey) {
      await storage.users.setRequiresPasskey(user.id, requiresPasskey);
      await storage.audit.append(
        { action: 'passkey_requirement_changed', actorUserId: user.id, details: { requiresPasskey } },
        now(),
      );
    }
    return passkeyList(storage, { ...user, requiresPasskey });
  });
};
