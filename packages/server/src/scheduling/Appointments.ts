/**
 * The appointment use cases (issue 9): book, reschedule, cancel, resend an invitation, list, and
 * note that a link was opened or the equipment tested. Each change is written first and the patient told after, so an
 * SMTP failure loses nothing: the appointment stands, its delivery shows `failed` with the
 * server's reason, and the invitation can be resent.
 */
import {
  normaliseEmail,
  normaliseNorwegianMobile,
  type AppointmentView,
  type BookAppointmentBody,
  type EquipmentTestVerdict,
  type InvitationView,
  type NotificationPurpose,
  type RescheduleAppointmentBody,
} from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../auth/tokens.ts';
import type { LinkAttempt } from '../auth/LinkAttemptLimiter.ts';
import { isStorageError } from '../storage/errors.ts';
import { invitationView } from '../storage/repositories/consultations.ts';
import type {
  AppointmentRow,
  DeliveryChannel,
  InvitationRow,
  NotificationRow,
  Storage,
  UserRow,
} from '../storage/types.ts';
import { appointmentView, weekWindow } from './appointment-view.ts';
import type { PatientMessages } from './PatientMessages.ts';
import type { Reminders } from './Reminders.ts';
import { newPatientLink, type PatientLink, type PatientUrls } from './patient-link.ts';

export interface AppointmentsDeps {
  storage: Storage;
  config: Pick<Config, 'publicUrl' | 'timeZone'>;
  now: () => Date;
  messages: PatientMessages;
  reminders: Reminders;
  /** Tells the owner's dashboards that one of their appointments changed. */
  changed: (ownerUserId: string) => Promise<void>;
}

/** An appointment as its clinician sees it, with the patient's link (known only right after it is made). */
export interface AppointmentWithLink {
  appointment: AppointmentView;
  invitation: InvitationView & { url: string };
}

export class Appointments {
  readonly #deps: AppointmentsDeps;

  constructor(deps: AppointmentsDeps) {
    this.#deps = deps;
  }

  /**
   * Books a consultation for `actor`, or — an admin only — for the clinician `body.clinicianUserId`
   * of the same organisation, and e-mails the invitation when an address is given. Authorization
   * comes first: a refused booking stores nothing.
   */
  async book(actor: UserRow, body: BookAppointmentBody): Promise<AppointmentWithLink> {
    const { storage, now } = this.#deps;
    const user = await this.#ownerFor(actor, body.clinicianUserId);
    const contact = checkedContact(body.contact);
    const slot = this.#futureSlot(body);
    const patientLink = this.#newLink(actor, slot.endsAt);
    const at = now();
    const { appointment, invitation } = await this.#refusingOverlap(() =>
      storage.appointments.book(
        {
          organisationId: user.organisationId,
          ownerUserId: user.id,
          kind: body.kind,
          label: body.label === undefined || body.label === '' ? null : body.label,
          ...slot,
          language: body.language,
          patientEmail: contact.email,
          patientPhone: contact.phone,
          createdAt: at,
        },
        patientLink.link,
      ),
    );
    const isForOther = user.id !== actor.id;
    await storage.audit.appendAll(
      [
        {
          action: 'appointment_booked',
          actorUserId: actor.id,
          consultationId: appointment.consultationId,
          ...(isForOther ? { details: { forUserId: user.id } } : {}),
        },
        {
          action: 'invitation_created',
          actorUserId: actor.id,
          consultationId: appointment.consultationId,
          details: { role: 'patient' },
        },
      ],
      at,
    );
    await this.#deps.reminders.plan(appointment);
    await this.#tell(appointment, 'invitation', patientLink.urls);
    return this.#answer(appointment, invitation, patientLink.urls);
  }

  /** Moves an appointment: a new link (the old one stops working) and an updated calendar event. */
  async reschedule(user: UserRow, id: string, body: RescheduleAppointmentBody): Promise<AppointmentWithLink> {
    const { storage, now } = this.#deps;
    await this.#owned(user, id, { isLive: true });
    const slot = this.#futureSlot(body);
    const patientLink = this.#newLink(user, slot.endsAt);
    const at = now();
    const { appointment, invitation } = await this.#refusingOverlap(() =>
      storage.appointments.reschedule(id, slot, patientLink.link, at),
    );
    await storage.audit.append(
      { action: 'appointment_rescheduled', actorUserId: user.id, consultationId: appointment.consultationId },
      at,
    );
    await this.#deps.reminders.plan(appointment);
    await this.#tell(appointment, 'update', patientLink.urls);
    return this.#answer(appointment, invitation, patientLink.urls);
  }

  /** Cancels (the link stops working) and tells the patient; cancelling twice changes nothing. */
  async cancel(user: UserRow, id: string): Promise<{ appointment: AppointmentView }> {
    const { storage, now } = this.#deps;
    const current = await this.#owned(user, id, { isLive: false });
    if (current.cancelledAt === null) {
      const at = now();
      const appointment = await storage.appointments.cancel(id, at);
      await storage.audit.append(
        { action: 'appointment_cancelled', actorUserId: user.id, consultationId: appointment.consultationId },
        at,
      );
      await this.#deps.reminders.drop(appointment.id);
      await this.#tell(appointment, 'cancellation', null);
    }
    return { appointment: await this.#view(id) };
  }

  /**
   * Sends again what failed last, on each channel whose latest delivery failed: an invitation,
   * update or reminder with a fresh link (an e-mail's replaces the old link, as its calendar event
   * does; an SMS-only resend adds one), or the cancellation. INVALID_STATE when nothing failed.
   */
  async resend(user: UserRow, id: string): Promise<AppointmentWithLink | { appointment: AppointmentView }> {
    const { storage, now } = this.#deps;
    const current = await this.#owned(user, id, { isLive: false });
    const details = await storage.appointments.details(id);
    const failed: NotificationRow[] = [];
    if (details?.latestEmail?.status === 'failed' && current.patientEmail !== null) failed.push(details.latestEmail);
    if (details?.latestSms?.status === 'failed' && current.patientPhone !== null) failed.push(details.latestSms);
    if (failed.length === 0) {
      throw new AppError('INVALID_STATE', { message: 'Only a failed e-mail or SMS can be sent again.' });
    }
    const cancellations = failed.filter((f) => f.purpose === 'cancellation');
    if (cancellations.length > 0) {
      await this.#tell(
        current,
        'cancellation',
        null,
        cancellations.map((f) => f.channel),
      );
      if (cancellations.length === failed.length) return { appointment: await this.#view(id) };
    }
    if (current.cancelledAt !== null) throw new AppError('APPOINTMENT_CANCELLED');
    const others = failed.filter((f) => f.purpose !== 'cancellation');
    const { link, urls } = this.#newLink(user, current.endsAt);
    const isEmail = others.some((f) => f.channel === 'email');
    const { appointment, invitation } = isEmail
      ? await storage.appointments.replaceLink(id, link, now())
      : await storage.appointments.addLink(id, link, now());
    for (const f of others) await this.#tell(appointment, f.purpose, urls, [f.channel]);
    return this.#answer(appointment, invitation, urls);
  }

  /** The owner's appointments starting in [from, to), in time order. */
  async list(ownerUserId: string, from: Date, to: Date): Promise<AppointmentView[]> {
    const at = this.#deps.now();
    return (await this.#deps.storage.appointments.detailsForOwner(ownerUserId, from, to)).map((d) =>
      appointmentView(d, at),
    );
  }

  /** What the dashboard shows: today and the next six days in the clinic's time zone. */
  async forDashboard(ownerUserId: string): Promise<AppointmentView[]> {
    const { from, to } = weekWindow(this.#deps.now(), this.#deps.config.timeZone);
    return this.list(ownerUserId, from, to);
  }

  /** The patient opened the link `invitation` (it passed /api/invitations/inspect). */
  async linkOpened(invitation: InvitationRow): Promise<void> {
    const opened = await this.#deps.storage.appointments.markLinkOpened(invitation.id, this.#deps.now());
    if (opened !== undefined) await this.#deps.changed(opened.ownerUserId);
  }

  /**
   * The patient ran the equipment test from the `/test#<key>` link of one of the appointment's
   * links: keeps when, and whether the call should work, for the day view. The key must name a
   * link that would still let them in (INVITATION_INVALID, _EXPIRED, _REVOKED, CONSULTATION_ENDED);
   * `attempt` is given back as soon as the key names a link, so a patient never counts as a guesser.
   */
  async equipmentTested(key: string, verdict: EquipmentTestVerdict, attempt: LinkAttempt): Promise<void> {
    const { storage, now } = this.#deps;
    const found = await storage.appointments.findEquipmentTestLink(sha256Hex(key));
    if (found === undefined) throw new AppError('INVITATION_INVALID');
    attempt.matched();
    const at = now();
    if (found.consultationStatus === 'ended') throw new AppError('CONSULTATION_ENDED');
    if (found.invitation.revokedAt !== null) throw new AppError('INVITATION_REVOKED');
    if (found.invitation.expiresAt.getTime() <= at.getTime()) throw new AppError('INVITATION_EXPIRED');
    await storage.appointments.recordEquipmentTest(found.appointment.id, verdict, at);
    await this.#deps.changed(found.appointment.ownerUserId);
  }

  /** Whose appointment a booking by `actor` makes, or the coded refusal (FORBIDDEN, CLINICIAN_NOT_FOUND). */
  async #ownerFor(actor: UserRow, clinicianUserId: string | undefined): Promise<UserRow> {
    if (clinicianUserId === undefined || clinicianUserId === actor.id) return actor;
    if (actor.role !== 'admin') {
      throw new AppError('FORBIDDEN', { message: 'Only an administrator can book for another clinician.' });
    }
    const owner = await this.#deps.storage.users.get(clinicianUserId);
    // Another organisation's clinician is as unknown as none at all.
    if (owner === undefined || owner.organisationId !== actor.organisationId || owner.role !== 'clinician') {
      throw new AppError('CLINICIAN_NOT_FOUND');
    }
    return owner;
  }

  async #owned(user: UserRow, id: string, { isLive }: { isLive: boolean }): Promise<AppointmentRow> {
    const appointment = await this.#deps.storage.appointments.get(id);
    if (appointment === undefined) throw new AppError('APPOINTMENT_NOT_FOUND');
    if (appointment.ownerUserId !== user.id) throw new AppError('FORBIDDEN');
    if (isLive && appointment.cancelledAt !== null) throw new AppError('APPOINTMENT_CANCELLED');
    return appointment;
  }

  #futureSlot(body: { startsAt: string; durationMinutes: number }): { startsAt: Date; endsAt: Date } {
    const startsAt = new Date(body.startsAt);
    if (startsAt.getTime() <= this.#deps.now().getTime()) throw new AppError('APPOINTMENT_IN_PAST');
    return { startsAt, endsAt: new Date(startsAt.getTime() + body.durationMinutes * 60_000) };
  }

  #newLink(user: UserRow, endsAt: Date): PatientLink {
    return newPatientLink(this.#deps.config.publicUrl, user.id, endsAt);
  }

  async #refusingOverlap<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isStorageError(error) && error.kind === 'conflict' && error.entity === 'appointment')
        throw new AppError('APPOINTMENT_OVERLAP', { cause: error });
      throw error;
    }
  }

  async #view(id: string): Promise<AppointmentView> {
    const details = await this.#deps.storage.appointments.details(id);
    if (details === undefined) throw new AppError('APPOINTMENT_NOT_FOUND');
    return appointmentView(details, this.#deps.now());
  }

  async #answer(
    appointment: AppointmentRow,
    invitation: InvitationRow,
    urls: PatientUrls,
  ): Promise<AppointmentWithLink> {
    return {
      appointment: await this.#view(appointment.id),
      invitation: { ...invitationView(invitation), url: urls.join },
    };
  }

  /** Tells the patient about `appointment` (never throws for a provider); then the owner's dashboards refresh. */
  async #tell(
    appointment: AppointmentRow,
    purpose: NotificationPurpose,
    urls: PatientUrls | null,
    channels?: readonly DeliveryChannel[],
  ): Promise<void> {
    await this.#deps.messages.tell(appointment, purpose, urls, channels === undefined ? {} : { channels });
    await this.#deps.changed(appointment.ownerUserId);
  }
}

/** The contact in stored form, or the coded reason it cannot be used. */
function checkedContact(input: { email?: string | undefined; phone?: string | undefined }): {
  email: string | null;
  phone: string | null;
} {
  const rawEmail = input.email ?? '';
  const rawPhone = input.phone ?? '';
  const email = rawEmail === '' ? null : normaliseEmail(rawEmail);
  if (rawEmail !== '' && email === null) throw new AppError('EMAIL_INVALID');
  const phone = rawPhone === '' ? null : normaliseNorwegianMobile(rawPhone);
  if (rawPhone !== '' && phone === null) throw new AppError('PHONE_INVALID');
  if (email === null && phone === null) throw new AppError('CONTACT_REQUIRED');
  return { email, phone };
}
