/**
 * The equipment test's routes (issue 9), without login. TURN credentials for the loopback call
 * the patient's browser makes with itself on `/test`: nothing is stored (no database read or
 * write, no audit event), and it is per-address limited (RATE_LIMITED with retryAfterSeconds),
 * because a credential lets its holder relay traffic through our TURN server for a few minutes.
 *
 * And the result of a run opened from an invitation's `/test#<key>` link: the appointment keeps
 * when and ok/problem, nothing more, so the day view can show "equipment tested". Unknown keys
 * draw on the same per-address allowance as unknown invitation links (a key is as guessable).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { EquipmentTestResultBody, type EquipmentTestIceAnswer } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { equipmentTestIceServers } from '../media/equipment-test-ice.ts';
import { PerAddressLimiter, type PerAddressLimits } from '../auth/PerAddressLimiter.ts';
import type { LinkAttemptLimiter } from '../auth/LinkAttemptLimiter.ts';
import { parseWith } from './validate.ts';

/** Enough for a person to run the test a few times (each run asks once), not for a relay farm. */
export const DEFAULT_EQUIPMENT_TEST_LIMITS: PerAddressLimits = { perAddress: 10, windowMs: 10 * 60_000 };

/** The body is empty (`{}` or none): the request carries nothing about the person. */
const IceServersBody = z.optional(z.strictObject({}));

export interface EquipmentTestRoutesOptions {
  limiter?: PerAddressLimiter;
  /** The app's brake on unknown link tokens, shared with inspect and the WebSocket join. */
  linkLimiter: LinkAttemptLimiter;
}

export const equipmentTestRoutes: FastifyPluginAsync<EquipmentTestRoutesOptions> = async (app, options) => {
  const { config, now, appointments } = app.samtale;
  const limiter = options.limiter ?? new PerAddressLimiter(DEFAULT_EQUIPMENT_TEST_LIMITS);

  app.post('/api/equipment-test/ice-servers', async (request, reply): Promise<EquipmentTestIceAnswer> => {
    parseWith(IceServersBody, request.body);
    const decision = limiter.take(request.ip, now());
    if (!decision.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: decision.retryAfterSeconds });
    // A credential must never be cached by a proxy or the browser.
    void reply.header('cache-control', 'no-store');
    return equipmentTestIceServers(config, now().getTime());
  });

  app.post('/api/equipment-test/result', async (request, reply) => {
    const body = parseWith(EquipmentTestResultBody, request.body);
    const reservation = options.linkLimiter.reserve(request.ip, now());
    if (!reservation.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
    await appointments.equipmentTested(body.key, body.verdict, reservation.attempt);
    return reply.code(204).send();
  });
};
