/** Appointments of the logged-in clinician (issue 9): book, list, reschedule, cancel, resend. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BookAppointmentBody,
  RescheduleAppointmentBody,
  Timestamp,
  type AppointmentAnswer,
  type AppointmentList,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { weekWindow } from '../scheduling/appointment-view.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

const AppointmentParams = z.object({ id: z.uuid() });
const ListQuery = z.object({ from: z.optional(z.string()), to: z.optional(z.string()) });

/** The `:id` of the path; an id that cannot exist is APPOINTMENT_NOT_FOUND, like an unknown one. */
function appointmentId(request: FastifyRequest): string {
  const parsed = AppointmentParams.safeParse(request.params);
  if (!parsed.success) throw new AppError('APPOINTMENT_NOT_FOUND');
  return parsed.data.id;
}

function instant(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  return new Date(parseWith(Timestamp, value));
}

export const appointmentRoutes: FastifyPluginAsync = async (app) => {
  const { config, now, appointments } = app.samtale;

  app.get('/api/appointments', { preHandler: requireUser('clinician') }, async (request): Promise<AppointmentList> => {
    const { user } = authOf(request);
    const query = parseWith(ListQuery, request.query);
    const week = weekWindow(now(), config.timeZone);
    const from = instant(query.from, week.from);
    const to = instant(query.to, week.to);
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > 92 * 86_400_000) {
      throw new AppError('VALIDATION_FAILED', { message: 'The range must be positive and at most 92 days.' });
    }
    return { appointments: await appointments.list(user.id, from, to) };
  });

  app.post('/api/appointments', { preHandler: requireUser('clinician') }, async (request, reply) => {
    const { user } = authOf(request);
    const answer: AppointmentAnswer = await appointments.book(user, parseWith(BookAppointmentBody, request.body));
    return reply.code(201).send(answer);
  });

  app.post(
    '/api/appointments/:id/reschedule',
    { preHandler: requireUser('clinician') },
    async (request): Promise<AppointmentAnswer> => {
      const { user } = authOf(request);
      const id = appointmentId(request);
      return appointments.reschedule(user, id, parseWith(RescheduleAppointmentBody, request.body));
    },
  );

  app.post(
    '/api/appointments/:id/cancel',
    { preHandler: requireUser('clinician') },
    async (request): Promise<AppointmentAnswer> => appointments.cancel(authOf(request).user, appointmentId(request)),
  );

  app.post(
    '/api/appointments/:id/resend',
    { preHandler: requireUser('clinician') },
    async (request): Promise<AppointmentAnswer> => appointments.resend(authOf(request).user, appointmentId(request)),
  );
};
