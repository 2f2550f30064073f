/**
 * An organisation's reminder times (issue 9; admins only): `GET/PUT /api/admin/reminder-offsets`.
 * Up to 5 different whole minutes before the appointment (1 minute to 30 days), or null for the
 * server's REMINDER_OFFSETS_MINUTES; anything else is REMINDER_OFFSETS_INVALID and nothing is
 * stored. The times apply to appointments booked or moved after the change.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reminderOffsetProblem, SaveReminderOffsetsBody, type ReminderOffsetsView } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

/** Latest first, as reminders are planned. */
function ordered(offsets: readonly number[]): number[] {
  return [...offsets].sort((a, b) => b - a);
}

export const reminderOffsetRoutes: FastifyPluginAsync = async (app) => {
  const { config, storage, now } = app.samtale;
  const admin = { preHandler: requireUser('admin') };
  const defaults = ordered(config.reminderOffsetsMinutes);

  async function viewOf(organisationId: string): Promise<ReminderOffsetsView> {
    const own = await storage.reminderSettings.offsetsOf(organisationId);
    return { offsetsMinutes: own ?? defaults, defaults, isCustomised: own !== undefined };
  }

  app.get('/api/admin/reminder-offsets', admin, async (request) => viewOf(authOf(request).user.organisationId));

  app.put('/api/admin/reminder-offsets', admin, async (request): Promise<ReminderOffsetsView> => {
    const { user } = authOf(request);
    const body = parseWith(SaveReminderOffsetsBody, request.body);
    const problem = body.offsetsMinutes === null ? null : reminderOffsetProblem(body.offsetsMinutes);
    if (problem !== null) {
      throw new AppError('REMINDER_OFFSETS_INVALID', { message: `Reminder times not saved (${problem}).` });
    }
    const offsets = body.offsetsMinutes === null ? null : ordered(body.offsetsMinutes);
    await storage.reminderSettings.save(user.organisationId, offsets, user.id, now());
    await storage.audit.append(
      {
        action: 'reminder_offsets_changed',
        actorUserId: user.id,
        details: { offsetsMinutes: offsets === null ? 'default' : offsets.join(',') },
      },
      now(),
    );
    return viewOf(user.organisationId);
  });
};
