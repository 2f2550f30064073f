/**
 * Tells the patient about an appointment: by e-mail (with the calendar event) when there is an
 * address, and by SMS when there is a mobile number. Each delivery is recorded before it is tried
 * and settled after, so nothing is lost when a provider refuses or the server stops: the day view
 * shows `failed` with the provider's reason, and the clinician can resend. A delivery a job makes
 * carries the job's key, so a job that runs again never sends the same message twice.
 */
import type { NotificationPurpose } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import type { AppointmentRow, DeliveryChannel, NotificationRow, Storage } from '../storage/types.ts';
import { appointmentEmail, formatAppointmentTime } from '../notify/appointment-emails.ts';
import { addressOf, calendarEvent } from '../notify/icalendar.ts';
import type { MailTransport } from '../notify/mail-transport.ts';
import { DEFAULT_PREPARATION, DEFAULT_SMS_TEMPLATES, renderTemplate } from '../notify/message-templates.ts';
import type { SmsGateway } from '../notify/sms/sms-gateway.ts';
import type { PatientUrls } from './patient-link.ts';

export interface PatientMessagesDeps {
  storage: Storage;
  config: Pick<Config, 'publicUrl' | 'timeZone' | 'mail'>;
  now: () => Date;
  mail: MailTransport;
  sms: SmsGateway;
}

export interface TellOptions {
  /** Only these channels (a resend of the failed ones); default: every channel with a contact. */
  channels?: readonly DeliveryChannel[];
  /** The job sending this (a reminder): its deliveries are made once. */
  jobKey?: string;
}

/** What a send left to try again: the reasons of failures a later attempt may cure. */
export interface TellResult {
  transientFailures: string[];
}

export class PatientMessages {
  readonly #deps: PatientMessagesDeps;

  constructor(deps: PatientMessagesDeps) {
    this.#deps = deps;
  }

  /**
   * Sends `purpose` about `appointment` on its channels with the link `urls` (null in a
   * cancellation) and records each outcome. Never throws for a provider.
   */
  async tell(
    appointment: AppointmentRow,
    purpose: NotificationPurpose,
    urls: PatientUrls | null,
    options: TellOptions = {},
  ): Promise<TellResult> {
    const wants = (channel: DeliveryChannel) => options.channels?.includes(channel) ?? true;
    const organisation = await this.#deps.storage.organisations.get(appointment.organisationId);
    const organisationName = organisation?.name ?? 'Samtale';
    const transientFailures: string[] = [];
    if (appointment.patientEmail !== null && wants('email')) {
      await this.#email(appointment, appointment.patientEmail, purpose, urls, organisationName, options.jobKey);
    }
    if (appointment.patientPhone !== null && wants('sms')) {
      const failure = await this.#sms(
        appointment,
        appointment.patientPhone,
        purpose,
        urls?.join ?? null,
        organisationName,
        options.jobKey,
      );
      if (failure !== null) transientFailures.push(failure);
    }
    return { transientFailures };
  }

  async #start(
    appointment: AppointmentRow,
    channel: DeliveryChannel,
    purpose: NotificationPurpose,
    jobKey: string | undefined,
  ): Promise<NotificationRow | undefined> {
    const { storage, now } = this.#deps;
    const n = { appointmentId: appointment.id, channel, purpose };
    return jobKey === undefined
      ? storage.appointments.recordNotification(n, now())
      : storage.appointments.startJobNotification({ ...n, jobKey: `${jobKey}:${channel}` }, now());
  }

  async #email(
    appointment: AppointmentRow,
    to: string,
    purpose: NotificationPurpose,
    urls: PatientUrls | null,
    organisationName: string,
    jobKey: string | undefined,
  ): Promise<void> {
    const url = urls?.join ?? null;
    const { storage, config, now, mail } = this.#deps;
    const language = appointment.language;
    const own = await storage.messageTemplates.get(appointment.organisationId, { language, purpose, channel: 'email' });
    const text = appointmentEmail({
      purpose,
      language,
      organisationName,
      startsAt: appointment.startsAt,
      timeZone: config.timeZone,
      url,
      testUrl: urls?.test ?? null,
      template: own === undefined ? undefined : { subject: own.subject ?? '', body: own.body },
    });
    const method = purpose === 'cancellation' ? 'CANCEL' : 'REQUEST';
    const content = calendarEvent({
      uid: `${appointment.id}@${new URL(config.publicUrl).hostname}`,
      sequence: appointment.sequence,
      method,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      stamp: now(),
      summary: text.summary,
      description: text.description,
      url: purpose === 'cancellation' ? null : url,
      organizer: { name: organisationName, email: addressOf(config.mail.from) },
      attendeeEmail: to,
    });
    const record = await this.#start(appointment, 'email', purpose, jobKey);
    if (record === undefined) return;
    const outcome = await mail.send({
      to,
      subject: text.subject,
      text: text.text,
      html: text.html,
      calendar: { method, content },
      purpose,
    });
    await storage.appointments.settleNotification(record.id, outcome, now());
  }

  /** Sends the SMS; the reason when it failed in a way a later attempt may cure, else null. */
  async #sms(
    appointment: AppointmentRow,
    to: string,
    purpose: NotificationPurpose,
    url: string | null,
    organisationName: string,
    jobKey: string | undefined,
  ): Promise<string | null> {
    const { storage, config, now, sms } = this.#deps;
    const language = appointment.language;
    const own = await storage.messageTemplates.get(appointment.organisationId, { language, purpose, channel: 'sms' });
    const text = renderTemplate(own?.body ?? DEFAULT_SMS_TEMPLATES[language][purpose], {
      organisasjon: organisationName,
      tid: formatAppointmentTime(appointment.startsAt, language, config.timeZone),
      lenke: purpose === 'cancellation' ? '' : (url ?? ''),
      forberedelse: DEFAULT_PREPARATION[language],
    }).trim();
    const record = await this.#start(appointment, 'sms', purpose, jobKey);
    if (record === undefined) return null;
    const outcome = await sms.send({ to, text, reference: record.id, purpose });
    await storage.appointments.settleNotification(
      record.id,
      outcome.status === 'failed' ? { status: 'failed', reason: outcome.reason } : outcome,
      now(),
    );
    return outcome.status === 'failed' && outcome.isTransient ? outcome.reason : null;
  }
}
