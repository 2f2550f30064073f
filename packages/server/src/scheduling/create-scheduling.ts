/**
 * Wires the scheduling side for buildApp: the mail transport the configuration selects, the
 * appointment use cases, and the contact retention rule. Deliveries a stopped server left in
 * `sending` are marked failed at start, so they can be resent.
 */
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/types.ts';
import { logTransport, smtpTransport, type MailLog, type MailTransport } from '../notify/mail-transport.ts';
import { Appointments } from './Appointments.ts';
import { ContactRetention } from './ContactRetention.ts';

export interface Scheduling {
  readonly appointments: Appointments;
  readonly retention: ContactRetention;
  readonly mail: MailTransport;
  /** Marks interrupted deliveries and starts the retention sweep. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createScheduling(
  config: Config,
  deps: {
    storage: Storage;
    now: () => Date;
    log: MailLog & { error(details: object, message: string): void };
    changed: (ownerUserId: string) => Promise<void>;
    mail?: MailTransport;
  },
): Scheduling {
  const mail =
    deps.mail ??
    (config.mail.smtpUrl === null ? logTransport(deps.log) : smtpTransport(config.mail.smtpUrl, config.mail.from));
  const appointments = new Appointments({ storage: deps.storage, config, now: deps.now, mail, changed: deps.changed });
  const retention = new ContactRetention({
    erase: (cutoff, at) => deps.storage.appointments.eraseContactsBefore(cutoff, at),
    retentionDays: config.contactRetentionDays,
    now: deps.now,
    log: deps.log,
  });
  return {
    appointments,
    retention,
    mail,
    async start() {
      const at = deps.now();
      // A send still "sending" after two minutes was cut off: the SMTP timeouts end any live one sooner.
      const startedBefore = new Date(at.getTime() - 2 * 60_000);
      await deps.storage.appointments.failInterruptedNotifications(
        'interrupted: the server stopped while sending',
        at,
        startedBefore,
      );
      retention.start();
    },
    async close() {
      await retention.close();
      mail.close();
    },
  };
}
