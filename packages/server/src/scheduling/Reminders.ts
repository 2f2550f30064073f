/**
 * Reminders before an appointment (issue 9), as jobs in the durable queue: planned when it is
 * booked (one per offset, e.g. 24 h and 15 min before), moved when it is rescheduled, removed when
 * it is cancelled. A reminder job checks the appointment again when it runs: one that was
 * cancelled, moved (another SEQUENCE) or has begun sends nothing, and one overtaken by the next
 * reminder (the server was down) gives way to it. Each reminder carries its own patient link.
 * The times are the organisation's own (set by an admin) or REMINDER_OFFSETS_MINUTES.
 */
import * as z from 'zod/mini';
import type { AppointmentRow, Storage } from '../storage/types.ts';
import { PermanentJobError, type JobHandler, type JobQueue } from '../jobs/JobQueue.ts';
import type { PatientMessages } from './PatientMessages.ts';
import type { PatientLink } from './patient-link.ts';

export const REMINDER_JOB = 'appointment-reminder';

const ReminderPayload = z.object({
  appointmentId: z.string(),
  sequence: z.int(),
  offsetMinutes: z.int(),
  /** When the next (later) reminder or the appointment itself makes this one pointless. */
  staleAt: z.string(),
});
type ReminderPayload = z.infer<typeof ReminderPayload>;

/** The reminders of `appointment` due after `now`: when each runs and what it carries. */
export function reminderPlan(
  appointment: Pick<AppointmentRow, 'id' | 'sequence' | 'startsAt'>,
  offsetsMinutes: readonly number[],
  now: Date,
): { dedupeKey: string; runAt: Date; payload: ReminderPayload }[] {
  const offsets = [...new Set(offsetsMinutes)].sort((a, b) => b - a);
  const start = appointment.startsAt.getTime();
  return offsets.flatMap((offsetMinutes, i) => {
    const runAt = new Date(start - offsetMinutes * 60_000);
    if (runAt.getTime() <= now.getTime()) return [];
    const next = offsets[i + 1];
    const staleAt = new Date(next === undefined ? start : start - next * 60_000);
    return [
      {
        dedupeKey: `${reminderPrefix(appointment.id)}${appointment.sequence}:${offsetMinutes}`,
        runAt,
        payload: {
          appointmentId: appointment.id,
          sequence: appointment.sequence,
          offsetMinutes,
          staleAt: staleAt.toISOString(),
        },
      },
    ];
  });
}

/** The dedupe-key prefix of every reminder of an appointment. */
export function reminderPrefix(appointmentId: string): string {
  return `reminder:${appointmentId}:`;
}

export interface RemindersDeps {
  storage: Storage;
  now: () => Date;
  /** REMINDER_OFFSETS_MINUTES: the times of an organisation that has not chosen its own. */
  offsetsMinutes: readonly number[];
  messages: PatientMessages;
  /** A new patient link for the appointment (its tokens, hashed for storage) and the URLs to send. */
  newLink: (appointment: AppointmentRow) => PatientLink;
  changed: (ownerUserId: string) => Promise<void>;
}

export class Reminders {
  readonly #deps: RemindersDeps;
  #queue: JobQueue | null = null;

  constructor(deps: RemindersDeps) {
    this.#deps = deps;
  }

  /** The queue the reminders go into (it is built with `handler`, so it comes after). */
  attach(queue: JobQueue): void {
    this.#queue = queue;
  }

  /** Plans the reminders of a booked (or just moved) appointment; earlier plans of it are removed. */
  async plan(appointment: AppointmentRow): Promise<void> {
    const queue = this.#attached();
    const { storage, offsetsMinutes } = this.#deps;
    const offsets = (await storage.reminderSettings.offsetsOf(appointment.organisationId)) ?? offsetsMinutes;
    await queue.removePending(reminderPrefix(appointment.id));
    for (const r of reminderPlan(appointment, offsets, this.#deps.now())) {
      await queue.enqueue({ kind: REMINDER_JOB, dedupeKey: r.dedupeKey, runAt: r.runAt, payload: r.payload });
    }
  }

  /** Removes the pending reminders of a cancelled appointment. */
  async drop(appointmentId: string): Promise<void> {
    await this.#attached().removePending(reminderPrefix(appointmentId));
  }

  /** Sends one reminder (the queue calls it); throws to be retried when a provider may recover. */
  readonly handler: JobHandler = async (raw, job) => {
    const parsed = ReminderPayload.safeParse(raw);
    if (!parsed.success) throw new PermanentJobError('reminder payload is not valid');
    const payload = parsed.data;
    const { storage, now, messages } = this.#deps;
    const appointment = await storage.appointments.get(payload.appointmentId);
    const isMoot =
      appointment === undefined ||
      appointment.cancelledAt !== null ||
      appointment.contactErasedAt !== null ||
      appointment.sequence !== payload.sequence ||
      now().getTime() >= new Date(payload.staleAt).getTime();
    if (isMoot) return;
    const { link, urls } = this.#deps.newLink(appointment);
    const { appointment: live } = await storage.appointments.addLink(appointment.id, link, now());
    const { transientFailures } = await messages.tell(live, 'reminder', urls, { jobKey: job.dedupeKey });
    await this.#deps.changed(live.ownerUserId);
    if (transientFailures.length > 0) throw new Error(transientFailures.join('; '));
  };

  #attached(): JobQueue {
    if (this.#queue === null) throw new TypeError('Reminders used before a queue was attached');
    return this.#queue;
  }
}
