/**
 * Appointments (issue 9): a consultation booked ahead for a time, with the patient's contact for
 * the invitation. The contact is personal data: the server erases it when the retention rule
 * says (CONTACT_RETENTION_DAYS, README "Privacy"), and it never appears in a log.
 */
import * as z from 'zod/mini';
import { Id, noControlCharacters, Timestamp } from './common.ts';
import { InvitationView, WaitingEntry } from './api.ts';
import { EquipmentTestReport } from './equipment-test.ts';

/** What the clinician books the time as; shown on their day view, never sent to the patient. */
export const AppointmentKind = z.enum(['first-visit', 'follow-up', 'results', 'other']);
export type AppointmentKind = z.infer<typeof AppointmentKind>;

/** The languages an invitation is written in: bokmål, nynorsk, English. */
export const PatientLanguage = z.enum(['nb', 'nn', 'en']);
export type PatientLanguage = z.infer<typeof PatientLanguage>;

export const MIN_APPOINTMENT_MINUTES = 5;
export const MAX_APPOINTMENT_MINUTES = 240;

const Duration = z.int().check(z.minimum(MIN_APPOINTMENT_MINUTES), z.maximum(MAX_APPOINTMENT_MINUTES));

/**
 * The contact as typed: checked by the server with `normaliseEmail` and `normalisePhone`, so a bad
 * address or number gets its own code (EMAIL_INVALID, PHONE_INVALID) and the form keeps the rest.
 */
const ContactInput = z.object({
  email: z.optional(z.string().check(z.trim(), z.maxLength(254), noControlCharacters())),
  phone: z.optional(z.string().check(z.trim(), z.maxLength(32), noControlCharacters())),
});

export const BookAppointmentBody = z.object({
  startsAt: Timestamp,
  durationMinutes: Duration,
  kind: AppointmentKind,
  /** For the clinician only (never in an invitation). */
  label: z.optional(z.string().check(z.trim(), z.maxLength(100), noControlCharacters())),
  contact: ContactInput,
  language: PatientLanguage,
  /**
   * Whose appointment it is: absent (or one's own id) books for oneself; another clinician's id
   * is for admins only (issue 9: "an admin for a clinician"), else FORBIDDEN.
   */
  clinicianUserId: z.optional(Id),
});
export type BookAppointmentBody = z.infer<typeof BookAppointmentBody>;

export const RescheduleAppointmentBody = z.object({ startsAt: Timestamp, durationMinutes: Duration });
export type RescheduleAppointmentBody = z.infer<typeof RescheduleAppointmentBody>;

/**
 * Where an appointment stands, as the day view shows it: booked (no invitation went out yet),
 * invited, link opened or equipment tested (whichever the patient did last), waiting, in the
 * call, ended, not attended (the time passed and nobody came), cancelled.
 */
export const AppointmentStatus = z.enum([
  'booked',
  'invited',
  'link-opened',
  'equipment-tested',
  'waiting',
  'in-call',
  'ended',
  'not-attended',
  'cancelled',
]);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

/** What a message to the patient was for. */
export const NotificationPurpose = z.enum(['invitation', 'update', 'cancellation', 'reminder']);
export type NotificationPurpose = z.infer<typeof NotificationPurpose>;

/** The delivery of the latest e-mail (or SMS): handed to the SMTP server (SMS gateway), or refused with its reason. */
export const DeliveryView = z.object({
  purpose: NotificationPurpose,
  /** `logged`: no SMTP server (SMS gateway) is configured (development); nothing left the server. */
  status: z.enum(['sending', 'sent', 'failed', 'logged']),
  /** The provider's reason for a failure (the recipient's address replaced by `<recipient>`). */
  reason: z.nullable(z.string()),
  at: Timestamp,
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const AppointmentView = z.object({
  id: Id,
  consultationId: Id,
  kind: AppointmentKind,
  label: z.nullable(z.string()),
  startsAt: Timestamp,
  endsAt: Timestamp,
  durationMinutes: z.int(),
  language: PatientLanguage,
  contact: z.object({
    email: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    /** The retention rule removed the contact. */
    isErased: z.boolean(),
  }),
  status: AppointmentStatus,
  linkOpenedAt: z.nullable(Timestamp),
  /** The latest equipment test the patient ran from the invitation's `/test` link. */
  equipmentTest: z.nullable(EquipmentTestReport),
  waiting: z.array(WaitingEntry),
  email: z.nullable(DeliveryView),
  sms: z.nullable(DeliveryView),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

/**
 * Answer of booking, rescheduling, cancelling and resending: the appointment, and the patient's
 * new link when one was made (its url is shown only this once; the server keeps only a hash).
 */
export const AppointmentAnswer = z.object({ appointment: AppointmentView, invitation: z.optional(InvitationView) });
export type AppointmentAnswer = z.infer<typeof AppointmentAnswer>;

export const AppointmentList = z.object({ appointments: z.array(AppointmentView) });
export type AppointmentList = z.infer<typeof AppointmentList>;

const EmailShape = z.email();

/** The address in lower case, or null when it is not an e-mail address. */
export function normaliseEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EmailShape.safeParse(email).success ? email : null;
}

/**
 * A phone number in E.164 (`+4791234567`), or null. Eight digits are a Norwegian number; other
 * countries need their `+` (or `00`) prefix. Spaces, dashes and brackets are ignored.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (/^\d{8}$/.test(withPlus)) return `+47${withPlus}`;
  if (!/^\+[1-9]\d{6,14}$/.test(withPlus)) return null;
  // Norwegian numbers have eight digits after +47.
  if (withPlus.startsWith('+47') && withPlus.length !== 11) return null;
  return withPlus;
}

/**
 * A Norwegian mobile number in E.164 (`+4791234567`), or null: +47 and eight digits starting
 * with 4 or 9 (Nkom's numbering plan gives mobiles the 4 and 9 series). SMS goes only to these.
 */
export function normaliseNorwegianMobile(input: string): string | null {
  const phone = normalisePhone(input);
  return phone !== null && /^\+47[49]\d{7}$/.test(phone) ? phone : null;
}
