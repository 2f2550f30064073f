/**
 * The equipment test's one route (issue 9): TURN credentials without login, for the loopback
 * call the patient's browser makes with itself on `/test`. Nothing is stored: no database read
 * or write, no audit event. Per-address limited (RATE_LIMITED with retryAfterSeconds), because
 * a credential lets its holder relay traffic through our TURN server for a few minutes.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { EquipmentTestIceAnswer } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { equipmentTestIceServers } from '../media/equipment-test-ice.ts';
import { PerAddressLimiter, type PerAddressLimits } from '../auth/PerAddressLimiter.ts';
import { parseWith } from './validate.ts';

/** Enough for a person to run the test a few times (each run asks once), not for a relay farm. */
export const DEFAULT_EQUIPMENT_TEST_LIMITS: PerAddressLimits = { perAddress: 10, windowMs: 10 * 60_000 };

/** The body is empty (`{}` or none): the request carries nothing about the person. */
const IceServersBody = z.optional(z.strictObject({}));

export interface EquipmentTestRoutesOptions {
  limiter?: PerAddressLimiter;
}

export const equipmentTestRoutes: FastifyPluginAsync<EquipmentTestRoutesOptions> = async (app, options) => {
  const { config, now } = app.samtale;
  const limiter = options.limiter ?? new PerAddressLimiter(DEFAULT_EQUIPMENT_TEST_LIMITS);

  app.post('/api/equipment-test/ice-servers', async (request, reply): Promise<EquipmentTestIceAnswer> => {
    parseWith(IceServersBody, request.body);
    const decision = limiter.take(request.ip, now());
    if (!decision.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: decision.retryAfterSeconds });
    // A credential must never be cached by a proxy or the browser.
    void reply.header('cache-control', 'no-store');
    return equipmentTestIceServers(config, now().getTime());
  });
};
