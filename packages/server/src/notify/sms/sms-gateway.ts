/**
 * How SMS leaves the server (issue 9): a gateway adapter (Sveve, ADR 0017), or — in development —
 * a log gateway that prints the message with the number masked. Adapters never throw: a refusal
 * is the outcome `failed` with the provider's reason, and `isTransient` says whether trying again
 * later may help (a 5xx, a timeout, too many requests).
 */

/** One SMS to a patient's Norwegian mobile (E.164, `+47` and eight digits). */
export interface OutgoingSms {
  to: string;
  text: string;
  /** Our reference for the provider's delivery report (the delivery's id). */
  reference: string;
  /** For the log line only: what the message is for. */
  purpose: string;
}

export type SmsOutcome = { status: 'sent' | 'logged' } | { status: 'failed'; reason: string; isTransient: boolean };

export interface SmsGateway {
  readonly kind: 'sveve' | 'log';
  send(sms: OutgoingSms): Promise<SmsOutcome>;
}

export interface SmsLog {
  info(details: object, message: string): void;
}

/** `+4791234567` as `+47 9** ** *67`: enough to tell two numbers apart in a log, not to call one. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+47/, '');
  if (!/^\d{8}$/.test(digits)) return '<number>';
  return `+47 ${digits[0] ?? ''}** ** *${digits.slice(6)}`;
}

/** A provider's reason, safe to store and show: no recipient number, no control characters, short. */
export function smsFailureReason(text: string, recipient: string): string {
  const national = recipient.replace(/^\+47/, '');
  return text
    .replaceAll(recipient, '<recipient>')
    .replaceAll(`0047${national}`, '<recipient>')
    .replaceAll(`47${national}`, '<recipient>')
    .replaceAll(national, '<recipient>')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .trim()
    .slice(0, 300);
}

/** The text with each link's token cut to its first four characters: a token in a log is a key to the call. */
export function maskLinks(text: string): string {
  return text.replace(/\/j\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]+/g, '/j/$1…');
}

/** Development: prints the message with the number and link tokens masked; nothing leaves the server. */
export function logSmsGateway(log: SmsLog): SmsGateway {
  return {
    kind: 'log',
    send(sms) {
      log.info(
        { purpose: sms.purpose, to: maskPhone(sms.to), text: maskLinks(sms.text) },
        'SMS not sent: SMS_PROVIDER=log (development log gateway)',
      );
      return Promise.resolve({ status: 'logged' });
    },
  };
}
