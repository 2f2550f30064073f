/**
 * Wires the scheduling side for buildApp: the mail transport and SMS gateway the configuration
 * selects, the patient messages, the job queue with the reminders, the appointment use cases. Patients' contacts are erased by the
 * retention purge (retention/). Deliveries a stopped server left in `sending` are marked failed
 * at start, so they can be resent; jobs it left due run when the queue starts.
 */
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/types.ts';
import { JobQueue } from '../jobs/JobQueue.ts';
import { logTransport, smtpTransport, type MailLog, type MailTransport } from '../notify/mail-transport.ts';
import { logSmsGateway, type SmsGateway } from '../notify/sms/sms-gateway.ts';
import { sveveGateway } from '../notify/sms/sveve-gateway.ts';
import { Appointments } from './Appointments.ts';
import { newPatientLink } from './patient-link.ts';
import { PatientMessages } from './PatientMessages.ts';
import { REMINDER_JOB, Reminders } from './Reminders.ts';

export interface Scheduling {
  readonly appointments: Appointments;
  readonly mail: MailTransport;
  readonly sms: SmsGateway;
  readonly jobs: JobQueue;
  /** Marks interrupted deliveries, starts the job queue. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The SMS gateway SMS_PROVIDER selects. */
export function createSmsGateway(config: Pick<Config, 'sms'>, log: MailLog): SmsGateway {
  return config.sms.provider === 'sveve' ? sveveGateway(config.sms) : logSmsGateway(log);
}

export function createScheduling(
  config: Config,
  deps: {
    storage: Storage;
    now: () => Date;
    log: MailLog & { error(details: object, message: string): void };
    changed: (ownerUserId: string) => Promise<void>;
    mail?: MailTransport;
    sms?: SmsGateway;
    /** false: the queue only runs when `jobs.runDue()` is called (tests drive it with their clock). */
    isPolling?: boolean;
  },
): Scheduling {
  const mail =
    deps.mail ??
    (config.mail.smtpUrl === null ? logTransport(deps.log) : smtpTransport(config.mail.smtpUrl, config.mail.from));
  const sms = deps.sms ?? createSmsGateway(config, deps.log);
  const messages = new PatientMessages({ storage: deps.storage, config, now: deps.now, mail, sms });
  const reminders = new Reminders({
    storage: deps.storage,
    now: deps.now,
    offsetsMinutes: config.reminderOffsetsMinutes,
    messages,
    newLink: (appointment) => newPatientLink(config.publicUrl, appointment.ownerUserId, appointment.endsAt),
    changed: deps.changed,
  });
  const jobs = new JobQueue({
    jobs: deps.storage.jobs,
    now: deps.now,
    log: deps.log,
    handlers: { [REMINDER_JOB]: reminders.handler },
  });
  reminders.attach(jobs);
  const appointments = new Appointments({
    storage: deps.storage,
    config,
    now: deps.now,
    messages,
    reminders,
    changed: deps.changed,
  });
  return {
    appointments,
    mail,
    sms,
    jobs,
    async start() {
      const at = deps.now();
      // A send still "sending" after two minutes was cut off: the SMTP and SMS timeouts end any live one sooner.
      const startedBefore = new Date(at.getTime() - 2 * 60_000);
      await deps.storage.appointments.failInterruptedNotifications(
        'interrupted: the server stopped while sending',
        at,
        startedBefore,
      );
      if (deps.isPolling ?? true) jobs.start();
    },
    async close() {
      await jobs.close();
      mail.close();
    },
  };
}
