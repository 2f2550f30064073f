/**
 * SMS to the patient (issue 9, ADR 0017): an appointment booked with only a mobile number is
 * sent by SMS through a local server that speaks Sveve's API, and the day view shows "SMS sendt";
 * when the gateway answers 500 it shows the reason, and "Send på nytt" sends it.
 */
import { startTestSveve } from '../packages/server/test/helpers/test-sveve.ts';
import { Participant } from './fixtures/Participant.ts';
import { expect, startApp, test } from './fixtures/test.ts';

function localInputs(at: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

test('an appointment with a mobile number is sent by SMS, and a failed SMS can be sent again', async ({ openPage }) => {
  const sveve = await startTestSveve();
  const app = await startApp({
    env: {
      SMS_PROVIDER: 'sveve',
      SVEVE_URL: sveve.url,
      SVEVE_USER: sveve.user,
      SVEVE_PASSWORD: sveve.password,
      SVEVE_FROM: 'Klinikken',
    },
  });
  try {
    const page = await openPage({ baseURL: app.server.url });
    const clinician = new Participant(page, 'clinician');
    await clinician.login(app.clinician.email, app.clinician.password);
    await expect(page.getByRole('heading', { name: 'Dagens timer' })).toBeVisible();

    const book = async (minutesAhead: number, label: string) => {
      const { date, time } = localInputs(new Date(Date.now() + minutesAhead * 60_000));
      await page.getByLabel('Dato', { exact: true }).fill(date);
      await page.getByLabel('Klokkeslett', { exact: true }).fill(time);
      await page.getByLabel('Merknad for deg (valgfritt)').fill(label);
      await page.getByLabel('Pasientens mobilnummer').fill('912 34 567');
      await page.getByRole('button', { name: 'Book og send invitasjon' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Timen er booket.' })).toBeVisible();
    };

    await book(60, 'SMS e2e');
    const sms = await sveve.nextSms();
    expect(sms).toMatchObject({ to: '91234567', from: 'Klinikken' });
    expect(sms.msg).toMatch(
      /^Du har time til videokonsultasjon hos .* Åpne lenken litt før: https?:\/\/\S+\/j\/[\w-]{43}$/,
    );
    expect(sms.msg).not.toContain('SMS e2e');
    const first = page.getByRole('article', { name: /SMS e2e/ });
    await expect(first).toContainText('SMS sendt');
    await expect(first.getByText('Invitert', { exact: true })).toBeVisible();
    await clinician.screenshot('day-view-sms-sent');

    sveve.failWith('http-500');
    await book(120, 'SMS feiler');
    const second = page.getByRole('article', { name: /SMS feiler/ });
    await expect(second).toContainText('SMS-en kom ikke fram: Sveve: HTTP 500');
    await clinician.screenshot('day-view-sms-failed');
    sveve.failWith(null);
    await second.getByRole('button', { name: 'Send på nytt' }).click();
    await expect(second).toContainText('SMS sendt');
    expect((await sveve.nextSms()).to).toBe('91234567');
  } finally {
    await app.server.dispose();
    await sveve.close();
  }
});
