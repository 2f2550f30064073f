/**
 * Test support: a real SMTP server (smtp-server) on an ephemeral port that keeps what arrives,
 * parsed with mailparser. `nextMail()` resolves with the next message (or one already waiting).
 * `refuse(pattern)` makes it answer 550 to recipients that match, like a real server does.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> (no TLS, no auth). */
  url: string;
  nextMail(): Promise<ParsedMail>;
  /** Recipients matching `pattern` are refused with 550 until `refuse(null)`. */
  refuse(pattern: RegExp | null): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const arrived: ParsedMail[] = [];
  const waiters: ((mail: ParsedMail) => void)[] = [];
  let refused: RegExp | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused !== null && refused.test(address.address)) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), {
          responseCode: 550,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const waiter = waiters.shift();
          if (waiter) waiter(mail);
          else arrived.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    nextMail() {
      const mail = arrived.shift();
      return mail ? Promise.resolve(mail) : new Promise((resolve) => waiters.push(resolve));
    },
    refuse(pattern) {
      refused = pattern;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
