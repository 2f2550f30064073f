import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseNorwegianMobile } from '@samtale/protocol';
import { startTestSveve, type TestSveve } from '../../../test/helpers/test-sveve.ts';
import { logSmsGateway, maskLinks, maskPhone, smsFailureReason } from './sms-gateway.ts';
import { sveveGateway, type SveveSettings } from './sveve-gateway.ts';

describe('the Sveve gateway against a server that speaks the Sveve API', () => {
  let sveve: TestSveve;
  let settings: SveveSettings;
  const sms = {
    to: '+4791234567',
    text: 'Påminnelse: videokonsultasjon hos Legekontoret',
    reference: 'r-1',
    purpose: 'reminder',
  };

  beforeAll(async () => {
    sveve = await startTestSveve();
    settings = {
      url: sveve.url,
      user: sveve.user,
      password: sveve.password,
      from: 'Legekontor',
      isTest: false,
      timeoutMs: 2000,
    };
  });
  beforeEach(() => sveve.failWith(null));
  afterAll(() => sveve.close());

  it('posts user, passwd, the eight-digit number, the UTF-8 text, the sender and our reference, and reports sent', async () => {
    const outcome = await sveveGateway(settings).send(sms);
    expect(outcome).toEqual({ status: 'sent' });
    expect(await sveve.nextSms()).toEqual({
      user: 'klinikken',
      to: '91234567',
      msg: sms.text,
      from: 'Legekontor',
      ref: 'r-1',
      isTest: false,
    });
  });

  it("reports Sveve's fatalError for a wrong password as a lasting failure", async () => {
    const outcome = await sveveGateway({ ...settings, password: 'feil' }).send(sms);
    expect(outcome).toEqual({ status: 'failed', reason: 'Sveve: Feil brukernavn/passord', isTransient: false });
  });

  it('reports a number Sveve refuses with its message, and without the number', async () => {
    const outcome = await sveveGateway(settings).send({ ...sms, to: '+4721234567' });
    expect(outcome).toEqual({ status: 'failed', reason: 'Sveve: Ugyldig mobilnummer', isTransient: false });
  });

  it('reports HTTP 500 and 429 as failures worth trying again', async () => {
    sveve.failWith('http-500');
    expect(await sveveGateway(settings).send(sms)).toEqual({
      status: 'failed',
      reason: 'Sveve: HTTP 500',
      isTransient: true,
    });
    sveve.failWith('http-429');
    expect(await sveveGateway(settings).send(sms)).toMatchObject({ status: 'failed', isTransient: true });
  });

  it('gives up on a gateway that does not answer within the timeout', async () => {
    sveve.failWith('no-answer');
    const outcome = await sveveGateway({ ...settings, timeoutMs: 200 }).send(sms);
    expect(outcome).toEqual({ status: 'failed', reason: 'Sveve: no answer within 200 ms', isTransient: true });
  });

  it('reports an unreachable gateway as a failure worth trying again', async () => {
    const outcome = await sveveGateway({ ...settings, url: 'http://127.0.0.1:1/SMS/SendMessage' }).send(sms);
    expect(outcome).toMatchObject({ status: 'failed', isTransient: true });
  });
});

describe('Norwegian mobile numbers, masks and reasons', () => {
  it('accepts +47 and eight digits starting with 4 or 9, in the ways people write them', () => {
    expect(normaliseNorwegianMobile('912 34 567')).toBe('+4791234567');
    expect(normaliseNorwegianMobile('+47 412 34 567')).toBe('+4741234567');
    expect(normaliseNorwegianMobile('0047 91234567')).toBe('+4791234567');
    for (const bad of ['22123456', '+4722123456', '+46701234567', '9123456', '912345678', '']) {
      expect(normaliseNorwegianMobile(bad)).toBeNull();
    }
  });

  it('accepts exactly the numbers of the 4 and 9 series, whatever else is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const phone = normaliseNorwegianMobile(input);
        if (phone !== null) expect(phone).toMatch(/^\+47[49]\d{7}$/);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('4', '9'), fc.stringMatching(/^\d{7}$/), (first, rest) => {
        expect(normaliseNorwegianMobile(`${first}${rest}`)).toBe(`+47${first}${rest}`);
      }),
    );
  });

  it('masks the number and link tokens in the development log, and keeps the number out of reasons', () => {
    expect(maskPhone('+4791234567')).toBe('+47 9** ** *67');
    expect(maskLinks('Lenke: https://samtale.test/j/abcdEFGHijkl_-123')).toBe('Lenke: https://samtale.test/j/abcd…');
    expect(smsFailureReason('Ugyldig nummer 4791234567 (91234567)', '+4791234567')).toBe(
      'Ugyldig nummer <recipient> (<recipient>)',
    );
    const lines: object[] = [];
    void logSmsGateway({ info: (details) => lines.push(details) }).send({
      to: '+4791234567',
      text: 'Se https://x/j/abcdefghijklmnop',
      reference: 'r',
      purpose: 'invitation',
    });
    expect(JSON.stringify(lines)).not.toContain('91234567');
    expect(JSON.stringify(lines)).not.toContain('abcdefghijklmnop');
  });
});
