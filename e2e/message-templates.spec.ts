/**
 * Messages to patients on /admin (issue 9): the admin edits the bokmål invitation e-mail, sees a
 * placeholder that does not exist refused, previews the text the server renders, saves it, and
 * the invitation a clinician then books arrives at the test's own SMTP server with the new text,
 * the admin's markup escaped in the HTML part and the .ics attached. Also the SMS view's
 * characters left, and the reminder times refused and saved; screenshots at 1280 and 390 px.
 */
import { startTestSmtp } from '../packages/server/test/helpers/test-smtp.ts';
import { Participant } from './fixtures/Participant.ts';
import { screenshotPath } from './fixtures/screenshots.ts';
import { expect, startApp, test } from './fixtures/test.ts';

function localInputs(at: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

test('an admin edits and previews the invitation e-mail, and the next invitation carries the new text', async ({
  openPage,
}) => {
  const smtp = await startTestSmtp();
  const app = await startApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Testklinikken <time@testklinikken.no>' } });
  try {
    const page = await openPage({ baseURL: app.server.url });
    const admin = new Participant(page, 'admin');
    await admin.login(app.admin.email, app.admin.password);
    await page.goto('/admin');

    const section = page.getByRole('region', { name: 'Meldinger til pasienter' });
    await expect(section.getByLabel('Kanal')).toHaveValue('email');
    await expect(section.getByLabel('Språk')).toHaveValue('nb');
    await expect(section.getByLabel('Melding')).toHaveValue('invitation');
    await expect(section.getByText('Bruker standardteksten.')).toBeVisible();
    const subject = section.getByLabel('Emne');
    const body = section.getByLabel('Tekst', { exact: true });
    await expect(subject).toHaveValue('Videokonsultasjon hos {organisasjon}, {tid}');
    const preview = section.getByTestId('message-preview');
    await expect(preview).toContainText('Emne: Videokonsultasjon hos Testklinikken, ');

    // A placeholder that does not exist: the preview and the save both say so, by code.
    await subject.fill('Velkommen til {organisasjon}, {tid}');
    await body.fill('Hei {navn}!\n\nVi ses på video {tid}.\nLenke: {lenke}\n\nHilsen <b>oss</b>');
    await expect(section.getByRole('alert').first()).toHaveText('Malen bruker en plassholder som ikke finnes.');
    await section.getByRole('button', { name: 'Lagre teksten' }).click();
    await expect(section.getByRole('alert')).toHaveCount(2);
    await expect(section.getByText('Bruker standardteksten.')).toBeVisible();

    await body.fill('Hei!\n\nVi ses på video {tid}.\nLenke: {lenke}\n\nHilsen <b>oss</b>');
    await expect(preview).toContainText('Emne: Velkommen til Testklinikken, ');
    await expect(preview).toContainText('Vi ses på video ');
    await expect(preview).toContainText(`Lenke: ${app.server.url}/j/eksempel`);
    await expect(section.getByRole('alert')).toHaveCount(0);
    await section.getByRole('button', { name: 'Lagre teksten' }).click();
    await expect(section.getByRole('status')).toHaveText('Teksten er lagret.');
    await expect(section.getByText('Bruker organisasjonens egen tekst.')).toBeVisible();
    await admin.screenshot('admin-message-texts');
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await section.screenshot({ path: await screenshotPath('admin-message-texts-section', size) });
    }

    // The SMS view counts the characters left of what would be sent.
    await section.getByLabel('Kanal').selectOption('sms');
    await expect(section.getByLabel('Emne')).toHaveCount(0);
    await expect(preview).toContainText('Du har time til videokonsultasjon hos Testklinikken');
    await expect(preview).not.toContainText('Emne:');
    await expect(section.getByText(/^\d+ tegn igjen$/)).toBeVisible();
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await section.screenshot({ path: await screenshotPath('admin-message-texts-sms', size) });
    }

    // Reminder times: six are refused by code, two are saved.
    const reminders = page.getByRole('region', { name: 'Påminnelser' });
    const offsets = reminders.getByLabel('Minutter før timen');
    await expect(offsets).toHaveValue('1440, 15');
    await offsets.fill('1, 2, 3, 4, 5, 6');
    await reminders.getByRole('button', { name: 'Lagre påminnelsestider' }).click();
    await expect(reminders.getByRole('alert')).toHaveText(/^Gi opptil 5 ulike påminnelsestider/);
    await offsets.fill('120, 2880');
    await reminders.getByRole('button', { name: 'Lagre påminnelsestider' }).click();
    await expect(reminders.getByRole('status')).toHaveText('Påminnelsestidene er lagret: 2880, 120.');

    // A clinician books: the invitation carries the organisation's new text.
    const clinicianPage = await openPage({ baseURL: app.server.url });
    const clinician = new Participant(clinicianPage, 'clinician');
    await clinician.login(app.clinician.email, app.clinician.password);
    const { date, time } = localInputs(new Date(Date.now() + 3 * 3_600_000));
    await clinicianPage.getByLabel('Dato', { exact: true }).fill(date);
    await clinicianPage.getByLabel('Klokkeslett', { exact: true }).fill(time);
    await clinicianPage.getByLabel('Pasientens e-post').fill('pasient@example.no');
    await clinicianPage.getByRole('button', { name: 'Book og send invitasjon' }).click();
    await expect(clinicianPage.getByRole('status').filter({ hasText: 'Timen er booket.' })).toBeVisible();

    const mail = await smtp.nextMail();
    expect(mail.subject).toMatch(/^Velkommen til Testklinikken, /);
    expect(mail.text).toMatch(/^Hei!\n\nVi ses på video .+\.\nLenke: https?:\/\/\S+\/j\/[A-Za-z0-9_-]{43}\n/);
    expect(mail.text).toContain('Hilsen <b>oss</b>');
    expect(String(mail.html)).toContain('Hilsen &lt;b&gt;oss&lt;/b&gt;');
    expect(mail.attachments.map((a) => a.filename)).toContain('invitation.ics');
  } finally {
    await app.server.dispose();
    await smtp.close();
  }
});
