/**
 * Sveve's HTTP API for sending SMS (https://sveve.no/apidok/send, ADR 0017): a POST of a JSON
 * body `{ user, passwd, to, msg, from, ref, f: "json" }` to `/SMS/SendMessage`. The answer is
 * `{ "response": { "msgOkCount", "stdSMSCount", "ids", "errors": [{ "number", "message" }],
 * "fatalError" } }`: a `fatalError` (e.g. "Feil brukernavn/passord") refuses the whole request,
 * an entry in `errors` refuses one number. HTTP 429 means more than five requests at once.
 */
import type { SmsGateway, SmsOutcome } from './sms-gateway.ts';
import { smsFailureReason } from './sms-gateway.ts';

export interface SveveSettings {
  /** The SendMessage endpoint, `https://sveve.no/SMS/SendMessage` (a test server's in tests). */
  url: string;
  user: string;
  password: string;
  /** The sender shown on the phone: at most 11 characters, no special characters. */
  from: string;
  /** Sveve's `test`: the request is checked but no SMS is sent. */
  isTest: boolean;
  timeoutMs: number;
}

interface SveveAnswer {
  msgOkCount?: unknown;
  ids?: unknown;
  errors?: unknown;
  fatalError?: unknown;
}

function answerOf(body: unknown): SveveAnswer | null {
  if (typeof body !== 'object' || body === null) return null;
  const response = (body as { response?: unknown }).response;
  return typeof response === 'object' && response !== null ? response : null;
}

function firstError(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const first: unknown = errors[0];
  const message = typeof first === 'object' && first !== null ? (first as { message?: unknown }).message : first;
  return typeof message === 'string' && message !== '' ? message : 'refused';
}

/** Sends through Sveve; `fetchImpl` is the global fetch unless a test hands in another. */
export function sveveGateway(settings: SveveSettings, fetchImpl: typeof fetch = fetch): SmsGateway {
  return {
    kind: 'sveve',
    async send(sms): Promise<SmsOutcome> {
      const failed = (reason: string, isTransient: boolean): SmsOutcome => ({
        status: 'failed',
        reason: smsFailureReason(`Sveve: ${reason}`, sms.to),
        isTransient,
      });
      let response: Response;
      try {
        response = await fetchImpl(settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
          body: JSON.stringify({
            user: settings.user,
            passwd: settings.password,
            // Sveve takes Norwegian numbers as their eight digits.
            to: sms.to.replace(/^\+47/, ''),
            msg: sms.text,
            from: settings.from,
            ref: sms.reference,
            f: 'json',
            ...(settings.isTest ? { test: true } : {}),
          }),
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch (error) {
        const isTimeout = error instanceof DOMException && error.name === 'TimeoutError';
        return failed(
          isTimeout ? `no answer within ${settings.timeoutMs} ms` : `unreachable (${(error as Error).message})`,
          true,
        );
      }
      const text = await response.text().catch(() => '');
      if (response.status === 429) return failed('HTTP 429: too many requests at once', true);
      if (!response.ok) return failed(`HTTP ${response.status}`, response.status >= 500);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return failed(`HTTP ${response.status} with an answer that is not JSON`, true);
      }
      const answer = answerOf(body);
      if (answer === null) return failed('an answer without "response"', true);
      if (typeof answer.fatalError === 'string' && answer.fatalError !== '') return failed(answer.fatalError, false);
      const refusal = firstError(answer.errors);
      if (refusal !== null) return failed(refusal, false);
      if (typeof answer.msgOkCount !== 'number' || answer.msgOkCount < 1) return failed('no message accepted', false);
      return { status: 'sent' };
    },
  };
}
