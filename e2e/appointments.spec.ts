/**
 * The clinician's day (issue 9): an appointment booked in the UI is e-mailed to the patient
 * through a real SMTP server (the test's own), the link in that e-mail opens the patient's page,
 * and the day view follows live: invited, link opened, waiting (with the tab title and a chime).
 */
import ICAL from 'ical.js';
import { startTestSmtp } from '../packages/server/test/helpers/test-smtp.ts';
import { Participant } from './fixtures/Participant.ts';
import { expect, startApp, test } from './fixtures/test.ts';

/** `yyyy-mm-dd` and `hh:mm`, in the browser's (and this process's) time zone. */
function localInputs(at: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

test('an appointment booked in the day view is e-mailed, and the day view shows the patient open the link and wait', async ({
  openPage,
  newParticipant,
}) => {
  const smtp = await startTestSmtp();
  const app = await startApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Testklinikken <time@testklinikken.no>' } });
  try {
    const page = await openPage({ baseURL: app.server.url });
    // Counts the chimes the page plays (Web Audio oscillators started), without changing the app.
    await page.addInitScript(() => {
      const started = { count: 0 };
      Object.defineProperty(window, '__chimes', { value: started });
      type Start = (this: AudioScheduledSourceNode, when?: number) => void;
      const original = Object.getOwnPropertyDescriptor(AudioScheduledSourceNode.prototype, 'start')?.value as Start;
      AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, when?: number) {
        started.count += 1;
        original.call(this, when);
      };
    });
    const clinician = new Participant(page, 'clinician');
    await clinician.login(app.clinician.email, app.clinician.password);
    await expect(page.getByRole('heading', { name: 'Dagens timer' })).toBeVisible();

    // A refusal keeps what was typed and says which field is wrong.
    const { date, time } = localInputs(new Date(Date.now() + 10 * 60_000));
    await page.getByLabel('Dato', { exact: true }).fill(date);
    await page.getByLabel('Klokkeslett', { exact: true }).fill(time);
    await page.getByLabel('Merknad for deg (valgfritt)').fill('Kontroll e2e');
    await page.getByLabel('Pasientens e-post').fill('pasient@example.no');
    await page.getByLabel('Pasientens mobilnummer').fill('12345');
    await page.getByRole('button', { name: 'Book og send invitasjon' }).click();
    await expect(page.getByRole('alert')).toHaveText(/^Mobilnummeret er ikke gyldig\./);
    await expect(page.getByLabel('Pasientens mobilnummer')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Merknad for deg (valgfritt)')).toHaveValue('Kontroll e2e');
    await clinician.screenshot('booking-refused');

    await page.getByLabel('Pasientens mobilnummer').fill('912 34 567');
    await page.getByRole('button', { name: 'Book og send invitasjon' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Timen er booket.' })).toBeVisible();

    const mail = await smtp.nextMail();
    expect(mail.subject).toMatch(/^Videokonsultasjon hos Testklinikken, /);
    expect(mail.text).not.toContain('Kontroll e2e');
    const ics = mail.attachments.find((a) => a.filename === 'invitation.ics');
    const calendar = ICAL.Component.fromString(ics?.content.toString('utf8') ?? '');
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const link = /https?:\/\/\S+\/j\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
    if (link === undefined) throw new TypeError(`no link in the e-mail: ${mail.text}`);
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('url')).toBe(link);

    const appointment = page.getByRole('article', { name: /Kontroll e2e/ });
    await expect(appointment.getByText('Invitert', { exact: true })).toBeVisible();
    await expect(appointment).toContainText('E-post sendt');
    await clinician.screenshot('day-view-invited');

    const patient = await newParticipant('appointment-patient');
    await patient.openLink(link);
    await expect(appointment.getByText('Har åpnet lenken', { exact: true })).toBeVisible();
    await patient.passInfo();
    await patient.deviceCheck();
    await patient.joinWithName('Per Pasient');
    await patient.expectWaiting();

    await expect(appointment.getByText(/^Venter siden \d\d[:.]\d\d$/)).toBeVisible();
    await expect(appointment.getByRole('button', { name: 'Slipp inn Per Pasient' })).toBeVisible();
    await clinician.expectTabTitleCount(1);
    expect(await page.evaluate(() => (window as unknown as { __chimes: { count: number } }).__chimes.count)).toBe(1);
    await clinician.screenshot('day-view-waiting');

    // "Admit" on the day view takes the clinician into the call, where the patient is let in.
    await appointment.getByRole('button', { name: 'Slipp inn Per Pasient' }).click();
    await page.getByRole('button', { name: 'Gå inn i samtalen' }).click();
    await clinician.expectInCall();
    await patient.expectInCall();
  } finally {
    await app.server.dispose();
    await smtp.close();
  }
});
