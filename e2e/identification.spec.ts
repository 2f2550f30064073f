/**
 * Who everyone is, on every screen (issue 8): badges on both sides of a call, the host's record
 * of an ID shown in the video changing the patient's badge live for both, and a clinical
 * meeting refusing a member whose login is not strong enough, with what it requires.
 */
import { createMeeting } from './fixtures/meeting.ts';
import { expect, test } from './fixtures/test.ts';

test('the patient sees the clinician’s badge, the clinician sees “link only”, and a recorded ID check changes it live on both sides', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Identifisering');
  const patient = await newParticipant('identification-patient');
  await patient.join(link, 'Ola Pasient');
  // The dashboard's waiting list already says how the patient came.
  const waitingRow = clinician.page.getByRole('listitem').filter({ hasText: 'Ola Pasient' });
  await expect(waitingRow.getByText('Kun lenke – navn ikke bekreftet')).toBeVisible();
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();

  const hostRow = (page: typeof patient.page) =>
    page.getByRole('listitem', { name: /, behandler, Lokal konto uten passnøkkel$/ });
  await expect(hostRow(patient.page)).toBeVisible();
  const patientItem = clinician.page.getByRole('listitem', {
    name: 'Ola Pasient, pasient, Kun lenke – navn ikke bekreftet',
  });
  await expect(patientItem).toBeVisible();
  await expect(patient.page.getByRole('listitem', { name: /^Ola Pasient, pasient, Kun lenke/ })).toBeVisible();

  await clinician.page.getByRole('button', { name: 'Legitimasjon vist av Ola Pasient' }).click();
  const recorded = /^Ola Pasient, pasient, Legitimasjon vist i video, kontrollert av /;
  await expect(clinician.page.getByRole('listitem', { name: recorded })).toBeVisible();
  await expect(patient.page.getByRole('listitem', { name: recorded })).toBeVisible();
  // Screen readers hear the change on both sides.
  for (const page of [clinician.page, patient.page]) {
    await expect(page.getByTestId('identification-announcer')).toHaveText(/Ola Pasient: Legitimasjon vist i video/);
  }
  await expect(clinician.page.getByRole('button', { name: 'Legitimasjon vist av Ola Pasient' })).toHaveCount(0);

  for (const page of [clinician.page, patient.page]) await page.getByText('Hva betyr merkene?').click();
  await clinician.screenshot('identification-host-call');
  await patient.screenshot('identification-patient-call');
});

test('a clinical meeting refuses a host logged in with only a password, and says what it requires', async ({
  clinician,
}) => {
  await createMeeting(clinician, { kind: 'clinical', title: 'Klinisk møte' });
  await clinician.page.getByRole('button', { name: 'Gå inn i møtet: Klinisk møte' }).click();
  await clinician.page.getByRole('button', { name: 'Gå inn i møtet', exact: true }).click();
  await expect(clinician.page.getByRole('alert')).toHaveText(/ikke identifisert slik denne samtalen krever/);
  await expect(clinician.page.getByText('HelseID nivå 4 eller passnøkkel')).toBeVisible();
  await clinician.screenshot('identification-clinical-refused');
});
