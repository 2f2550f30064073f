/**
 * Test support: a local server that speaks Sveve's SendMessage API (https://sveve.no/apidok/send;
 * ADR 0017) on an ephemeral port, checks each request as Sveve does and answers as Sveve does:
 * a wrong user or password is `fatalError: "Feil brukernavn/passord"`, a bad number an entry in
 * `errors`, an accepted message `msgOkCount: 1` with its id. `failWith(...)` makes it answer
 * HTTP 500 or 429, or not at all (a timeout), like a gateway in trouble.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  user: string;
  to: string;
  msg: string;
  from: string;
  ref: string | null;
  isTest: boolean;
}

export type SveveTrouble = 'http-500' | 'http-429' | 'no-answer' | null;

export interface TestSveve {
  /** http://127.0.0.1:<port>/SMS/SendMessage */
  url: string;
  readonly user: string;
  readonly password: string;
  /** Every message accepted, in order. */
  readonly received: ReceivedSms[];
  /** Requests answered in any way (accepted, refused or failed). */
  readonly requests: number;
  nextSms(): Promise<ReceivedSms>;
  failWith(trouble: SveveTrouble): void;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestSveve(credentials = { user: 'klinikken', password: 'api-passord' }): Promise<TestSveve> {
  const received: ReceivedSms[] = [];
  const waiters: ((sms: ReceivedSms) => void)[] = [];
  const hanging = new Set<ServerResponse>();
  let trouble: SveveTrouble = null;
  let requests = 0;
  let nextId = 42_824_112;

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await bodyOf(req);
      requests += 1;
      if (trouble === 'no-answer') {
        hanging.add(res);
        return;
      }
      if (trouble === 'http-500') return answer(res, 500, { error: 'Internal Server Error' });
      if (trouble === 'http-429') return answer(res, 429, { error: 'Too Many Requests' });
      if (req.method !== 'POST' || req.url !== '/SMS/SendMessage') return answer(res, 404, { error: 'Not Found' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return answer(res, 415, { error: 'Unsupported Media Type' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(res, 400, { error: 'Bad Request' });
      }
      if (body.user !== credentials.user || body.passwd !== credentials.password) {
        return answer(res, 200, { response: { msgOkCount: 0, stdSMSCount: 0, fatalError: 'Feil brukernavn/passord' } });
      }
      const { to, msg, from, ref, f } = body;
      if (f !== 'json') return answer(res, 400, { error: 'this test server answers f=json only' });
      if (typeof msg !== 'string' || msg === '' || msg.length > 1071) {
        return answer(res, 200, { response: { msgOkCount: 0, stdSMSCount: 0, fatalError: 'Meldingstekst mangler' } });
      }
      if (typeof from !== 'string' || from.length > 11 || !/^[A-Za-z0-9 ]*$/.test(from)) {
        return answer(res, 200, { response: { msgOkCount: 0, stdSMSCount: 0, fatalError: 'Ugyldig avsender' } });
      }
      if (typeof to !== 'string' || !/^[49]\d{7}$/.test(to)) {
        return answer(res, 200, {
          response: {
            msgOkCount: 0,
            stdSMSCount: 0,
            errors: [{ number: String(to), message: 'Ugyldig mobilnummer' }],
          },
        });
      }
      const sms: ReceivedSms = {
        user: credentials.user,
        to,
        msg,
        from,
        ref: typeof ref === 'string' ? ref : null,
        isTest: body.test === true,
      };
      received.push(sms);
      waiters.shift()?.(sms);
      const parts = Math.ceil(msg.length / 153);
      return answer(res, 200, { response: { msgOkCount: 1, stdSMSCount: parts, ids: [nextId++] } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let seen = 0;
  return {
    url: `http://127.0.0.1:${port}/SMS/SendMessage`,
    user: credentials.user,
    password: credentials.password,
    received,
    get requests() {
      return requests;
    },
    nextSms() {
      const waiting = received[seen];
      seen += 1;
      if (waiting !== undefined) return Promise.resolve(waiting);
      return new Promise((resolve) => waiters.push(resolve));
    },
    failWith(next) {
      trouble = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
