/**
 * How e-mail leaves the server: SMTP through nodemailer, or — without SMTP_URL, in development —
 * a log transport that records only that a message would have gone out (never its address or
 * text: those are personal data).
 */
import nodemailer from 'nodemailer';

/** One e-mail to a patient, with its iCalendar event (RFC 5545, sent as RFC 6047 iMIP). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  calendar: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** For the log line only: what the message is for. */
  purpose: string;
}

/** `sent`: the SMTP server accepted it; `logged`: the development transport kept it to itself. */
export type MailOutcome = { status: 'sent' | 'logged' } | { status: 'failed'; reason: string };

export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  /** Never throws: a refusal is the outcome `failed` with the server's reason. */
  send(mail: OutgoingMail): Promise<MailOutcome>;
  close(): void;
}

export interface MailLog {
  info(details: object, message: string): void;
}

/** The reason a send failed, safe to store and show: no recipient address, no control characters. */
export function failureReason(error: unknown, recipient: string): string {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const text =
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : 'unknown error';
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const escaped = recipient.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `${code}${text}`
    .replace(new RegExp(`<?${escaped}>?`, 'gi'), '<recipient>')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .trim()
    .slice(0, 300);
}

/** Seconds an SMTP server may take before the send counts as failed (the clinician waits for it). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sends through the SMTP server at `url` (smtp:// with STARTTLS when offered, or smtps://). */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        await transporter.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          // nodemailer adds the event as a text/calendar alternative and as an .ics attachment.
          icalEvent: { method: mail.calendar.method, filename: 'invitation.ics', content: mail.calendar.content },
        });
        return { status: 'sent' };
      } catch (error) {
        return { status: 'failed', reason: failureReason(error, mail.to) };
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** Development: logs that a message of `purpose` would have been sent, and nothing about whom or what. */
export function logTransport(log: MailLog): MailTransport {
  return {
    kind: 'log',
    send(mail) {
      log.info({ purpose: mail.purpose }, 'e-mail not sent: no SMTP_URL configured (development log transport)');
      return Promise.resolve({ status: 'logged' });
    },
    close() {},
  };
}
