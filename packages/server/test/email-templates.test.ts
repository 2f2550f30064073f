/**
 * An organisation's e-mail texts (issue 9) through the admin API and a real SMTP server: the
 * invitation uses the organisation's subject and body, the HTML part escapes everything (the
 * organisation's name and the admin's own words), the .ics stays attached, a bad text is refused
 * with nothing stored, and an emptied text goes back to the default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { ApiError, MessageTemplateList, MessageTemplatePreview } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';
import { startTestSmtp, type TestSmtp } from './helpers/test-smtp.ts';

const ORGANISATION = 'Klinikken <script>alert(1)</script> & Co';
const SUBJECT = 'Time hos {organisasjon} {tid}';
const BODY = 'Hei!\n\nDu har fått time {tid}.\nBli med her: {lenke}\n\n- Ta med <script>x()</script>\n- {forberedelse}';

function calendarOf(mail: ParsedMail): ICAL.Event {
  const attachment = mail.attachments.find((a) => a.filename === 'invitation.ics');
  if (!attachment) throw new TypeError('no invitation.ics attached');
  const vevent = ICAL.Component.fromString(attachment.content.toString('utf8')).getFirstSubcomponent('vevent');
  if (!vevent) throw new TypeError('no VEVENT');
  return new ICAL.Event(vevent);
}

describe.each(storageBackends())("an organisation's e-mail texts on $name", (backend) => {
  let opened: OpenedStorage;
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;
  let hour = 2;

  beforeAll(async () => {
    opened = await backend.open();
    smtp = await startTestSmtp();
    t = await startTestApp(
      opened.storage,
      { SMTP_URL: smtp.url, MAIL_FROM: 'Klinikken <time@klinikken.test>' },
      { isPollingJobs: false },
    );
    admin = await setUpAdmin(t, opened.storage, ORGANISATION);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await opened.dispose();
  });

  const request = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, session = admin) =>
    t.app.inject({ method, url, headers: authHeaders(session), ...(payload ? { payload } : {}) });
  const invitationNb = { language: 'nb', purpose: 'invitation', channel: 'email' } as const;
  const templates = async () =>
    MessageTemplateList.parse((await request('GET', '/api/admin/message-templates')).json()).templates;
  const emailNb = async () =>
    (await templates()).find((x) => x.channel === 'email' && x.language === 'nb' && x.purpose === 'invitation');
  const bookWithEmail = async () => {
    const r = await request(
      'POST',
      '/api/appointments',
      {
        startsAt: new Date(t.clock.now.getTime() + hour++ * 3_600_000).toISOString(),
        durationMinutes: 20,
        kind: 'follow-up',
        label: 'Ola <b>N.</b> – svar på prøver',
        contact: { email: 'ola@example.no' },
        language: 'nb',
      },
      clinician,
    );
    expect(r.statusCode, r.body).toBe(201);
    return smtp.nextMail();
  };

  it('lists an SMS and an e-mail default for every language and purpose, the e-mail with a subject', async () => {
    const all = await templates();
    expect(all).toHaveLength(24);
    const email = all.filter((x) => x.channel === 'email');
    expect(email).toHaveLength(12);
    for (const x of email) {
      expect(x).toMatchObject({ isDefault: true, subject: x.defaultSubject, body: x.defaultBody });
      expect(x.subject).toContain('{organisasjon}');
    }
    expect(all.filter((x) => x.channel === 'sms').every((x) => x.subject === null)).toBe(true);
  });

  it('refuses an unknown placeholder in the subject or body, and half a text, storing nothing', async () => {
    const bad = [
      { subject: 'Time for {pasient}', body: BODY, code: 'TEMPLATE_INVALID' },
      { subject: SUBJECT, body: 'Diagnose: {diagnose}', code: 'TEMPLATE_INVALID' },
      { subject: '', body: BODY, code: 'VALIDATION_FAILED' },
      { subject: SUBJECT, body: 'x\u0007y', code: 'VALIDATION_FAILED' },
    ];
    for (const { code, ...text } of bad) {
      for (const [method, url] of [
        ['PUT', '/api/admin/message-templates'],
        ['POST', '/api/admin/message-templates/preview'],
      ] as const) {
        const r = await request(method, url, { ...invitationNb, ...text });
        expect(r.statusCode, `${method} ${JSON.stringify(text)}`).toBe(400);
        expect(ApiError.parse(r.json()).error.code).toBe(code);
      }
    }
    expect((await templates()).every((x) => x.isDefault)).toBe(true);
  });

  it('previews the subject, text and escaped HTML with example values', async () => {
    const r = await request('POST', '/api/admin/message-templates/preview', {
      ...invitationNb,
      subject: SUBJECT,
      body: BODY,
    });
    expect(r.statusCode, r.body).toBe(200);
    const preview = MessageTemplatePreview.parse(r.json());
    expect(preview.subject).toMatch(/^Time hos Klinikken <script>alert\(1\)<\/script> & Co \S+ \d+\. \w+ \d{4} kl\. /);
    expect(preview.text).toContain('Bli med her: https://samtale.test/j/eksempel');
    expect(preview.html).toContain('<a href="https://samtale.test/j/eksempel">https://samtale.test/j/eksempel</a>');
    expect(preview.html).toContain('<li>Ta med &lt;script&gt;x()&lt;/script&gt;</li>');
    expect(preview.html).not.toContain('<script>');
  });

  it('sends the invitation with the organisation’s text, escaped in HTML, with the .ics still attached', async () => {
    const saved = await request('PUT', '/api/admin/message-templates', {
      ...invitationNb,
      subject: SUBJECT,
      body: BODY,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await emailNb()).toMatchObject({ subject: SUBJECT, body: BODY, isDefault: false });

    const mail = await bookWithEmail();
    expect(mail.subject).toMatch(/^Time hos Klinikken <script>alert\(1\)<\/script> & Co \S+ \d+\. \w+ \d{4} kl\. /);
    const text = mail.text ?? '';
    expect(text).toMatch(/^Hei!\n\nDu har fått time .+\.\nBli med her: https:\/\/samtale\.test\/j\/[\w-]{43}\n/);
    expect(text).toContain('- Ta med <script>x()</script>');
    expect(text).toContain('Test kamera, mikrofon og nett på forhånd: https://samtale.test/test');
    const html = String(mail.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<li>Ta med &lt;script&gt;x()&lt;/script&gt;</li>');
    expect(html).toMatch(/<a href="https:\/\/samtale\.test\/j\/[\w-]{43}">/);
    // The equipment test's link carries its key (in the fragment), see equipment-tested.test.ts.
    expect(html).toMatch(/<a href="https:\/\/samtale\.test\/test#[\w-]{43}">/);
    // No health information: the clinician's label and the kind never reach the patient.
    for (const part of [text, html, mail.subject ?? '']) {
      expect(part).not.toContain('svar på prøver');
      expect(part).not.toContain('follow-up');
    }
    const event = calendarOf(mail);
    expect(event.summary).toBe(`Videokonsultasjon hos ${ORGANISATION}`);
    expect(event.description).toMatch(/https:\/\/samtale\.test\/j\/[\w-]{43}/);
  });

  it('goes back to the default text when both parts are emptied', async () => {
    const reset = await request('PUT', '/api/admin/message-templates', { ...invitationNb, subject: '', body: '' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await emailNb())?.isDefault).toBe(true);
    const mail = await bookWithEmail();
    expect(mail.subject).toMatch(/^Videokonsultasjon hos Klinikken <script>/);
    expect(mail.text).toContain('Slik forbereder du deg');
    const html = String(mail.html);
    expect(html).toContain('videokonsultasjon hos Klinikken &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.');
    expect(html).toContain('<p>Slik forbereder du deg:</p><ul><li>Bruk en nettleser');
    expect(html).not.toContain('<script>');
  });
});
