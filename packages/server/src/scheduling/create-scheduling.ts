/**
 * Wires the scheduling side for buildApp: the mail transport the configuration selects and the
 * appointment use cases (patients' contacts are erased by the retention purge, retention/). Deliveries a stopped server left in
 * `sending` are marked failed at start, so they can be resent.
 */
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/types.ts';
import { logTransport, smtpTransport, type MailLog, type MailTransport } from '../notify/mail-transport.ts';
import { Appointments } from './Appointments.ts';

export interface Scheduling {
  readonly appointments: Appointments;
  readonly mail: MailTransport;
  /** Marks interrupted deliveries. */
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
  return {
    appointments,
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
    },
    async close() {
      mail.close();
    },
  };
}
