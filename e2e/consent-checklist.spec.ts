/**
 * Issue 9, consent and checklists through the real UI: an admin edits the organisation's patient
 * text and checklist; the patient reads that text and ticks its consent before waiting; the host
 * sees the consent record beside the call, cannot end while a required item is unticked, ticks
 * it and then can; the patient withdraws consent and the host sees it.
 */
import { ADMIN, expect, test } from './fixtures/test.ts';

test("the patient consents to the organisation's text, the checklist holds back the end, and a withdrawal shows", async ({
  clinician,
  newParticipant,
}) => {
  const admin = await newParticipant('admin');
  await admin.login(ADMIN.email, ADMIN.password);
  await admin.page.goto('/admin');
  const texts = admin.page.getByRole('region', { name: 'Informasjon og samtykke til pasienten' });
  await texts
    .getByRole('textbox', { name: 'Informasjon' })
    .fill(
      '# Velkommen til Testklinikken\nTimen er frivillig, og ingenting lagres.\n\n- Sitt <b>privat</b> og stille.\n- Ha hodetelefoner klare.',
    );
  await texts
    .getByRole('textbox', { name: /^Samtykke/ })
    .fill('Jeg samtykker til å få helsehjelp over video hos Testklinikken.');
  await texts.getByRole('button', { name: 'Lagre ny versjon' }).click();
  await expect(texts.getByRole('status')).toHaveText(/Lagret som versjon [0-9a-f]{12}/);
  const checklistEditor = admin.page.getByRole('region', { name: 'Sjekkliste for konsultasjoner' });
  const identityItem = checklistEditor.getByRole('group', { name: 'Punkt 3' });
  await expect(identityItem.getByRole('textbox', { name: 'Tekst (bokmål)' })).toHaveValue(
    'Pasientens identitet kontrollert',
  );
  await identityItem.getByRole('combobox', { name: 'Påkrevd' }).selectOption({ label: 'påkrevd før avslutning' });
  await checklistEditor.getByRole('button', { name: 'Lagre sjekklisten' }).click();
  await expect(checklistEditor.getByRole('status')).toHaveText(/Lagret som versjon/);
  await admin.screenshot('admin-consent-checklist-editors');

  const link = await clinician.createConsultation('Samtykke og sjekkliste');
  const patient = await newParticipant('patient');
  await patient.openLink(link);
  await expect(patient.page.getByRole('heading', { level: 2, name: 'Velkommen til Testklinikken' })).toBeVisible();
  // The text is shown as text: markup-looking input is not HTML.
  await expect(patient.page.getByRole('listitem').filter({ hasText: 'Sitt <b>privat</b> og stille.' })).toBeVisible();
  await patient.screenshot('patient-info-organisation-text');
  await patient.passInfo();
  await patient.deviceCheck();
  await patient.page.getByRole('textbox', { name: 'Fullt navn', exact: true }).fill('Ola Pasient');
  await patient.page
    .getByRole('checkbox', { name: 'Jeg samtykker til å få helsehjelp over video hos Testklinikken.' })
    .check();
  await patient.screenshot('patient-consent');
  await patient.page.getByRole('button', { name: 'Gå til venterommet' }).click();
  await patient.expectWaiting();

  await clinician.expectWaitingOnDashboard('Ola Pasient');
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  const side = clinician.page.getByRole('complementary');
  const consent = side.getByRole('region', { name: 'Samtykke' });
  await expect(consent.getByTestId('consent-entry').filter({ hasText: 'Ola Pasient' })).toContainText(
    /Gitt i nettleseren kl\. \d\d[:.]\d\d \(bokmål\)/,
  );
  const checklist = side.getByRole('region', { name: 'Sjekkliste' });
  await expect(checklist.getByRole('status')).toHaveText(
    /Må krysses av før du kan avslutte: Pasientens identitet kontrollert/,
  );

  await clinician.page.getByRole('button', { name: 'Avslutt for alle' }).click();
  await clinician.page.getByRole('button', { name: 'Ja, avslutt for alle' }).click();
  await expect(clinician.page.getByRole('alert').filter({ hasText: 'Kryss av de påkrevde punktene' })).toBeVisible();
  await patient.expectInCall();

  await checklist.getByRole('checkbox', { name: /Privat og stille rom/ }).check();
  await checklist.getByRole('checkbox', { name: /Pasientens identitet kontrollert/ }).check();
  await expect(checklist.getByRole('status')).toHaveText('Alt som kreves før avslutning er krysset av.');
  // The refusal's banner goes once what it asked for is done.
  await expect(clinician.page.getByRole('alert').filter({ hasText: 'Kryss av de påkrevde punktene' })).toHaveCount(0);
  await clinician.screenshot('host-side-panel-consent-checklist');

  await patient.page.getByRole('button', { name: 'Trekk samtykket' }).click();
  await patient.page.getByRole('button', { name: 'Ja, trekk samtykket og gå ut' }).click();
  await expect(patient.page.getByRole('heading', { level: 1, name: 'Du har trukket samtykket' })).toBeVisible();
  await expect(consent.getByTestId('consent-entry').filter({ hasText: 'Ola Pasient' })).toContainText(/Trukket kl\./);
  await clinician.screenshot('host-side-panel-withdrawn');

  await clinician.page.getByRole('button', { name: 'Ja, avslutt for alle' }).click();
  await clinician.expectSummary([]);
});
