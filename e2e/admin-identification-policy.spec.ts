/**
 * "Krav til identifisering" on /admin (issue 8): the admin tightens a row (a consultation's
 * patient must be identified), which the patient's page then states and the host's admission
 * obeys; proofs below a kind's floor are offered disabled with the reason, and a page that sends
 * one anyway gets the server's coded refusal, nothing saved.
 */
import { screenshotRegion } from './fixtures/region-screenshot.ts';
import { expect, test } from './fixtures/test.ts';

test('an admin tightens a consultation’s patient rule and a patient who came by link only is refused admission', async ({
  app,
  clinician,
  newParticipant,
}) => {
  const admin = await newParticipant('admin-policy');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const section = admin.page.getByRole('region', { name: 'Krav til identifisering' });
  const row = section.getByRole('group', { name: 'Konsultasjon uten personopplysninger' });
  const patient = row.getByRole('group', { name: 'Pasient' });
  await expect(row.getByText('Minstekrav', { exact: true })).toBeVisible();

  // The only rule left cannot be unticked: tick a stronger one first, then untick the name.
  const name = patient.getByRole('checkbox', { name: 'Navn og verts godkjenning' });
  await expect(name).toBeDisabled();
  await expect(name).toHaveAccessibleDescription('Minst ett krav må gjelde');
  await patient.getByRole('checkbox', { name: 'ID-porten, høyt nivå' }).check();
  await patient.getByRole('checkbox', { name: 'Legitimasjon vist i video' }).check();
  await name.uncheck();
  await expect(section.getByText('Du har endringer som ikke er lagret.')).toBeVisible();
  await section.getByRole('button', { name: 'Lagre krav til identifisering' }).click();
  await expect(section.getByRole('status')).toHaveText('Kravene til identifisering er lagret.');
  await expect(row.getByText('Skjerpet', { exact: true })).toBeVisible();

  // Saved: the page shows it again after a reload.
  await admin.page.reload();
  await expect(patient.getByRole('checkbox', { name: 'Navn og verts godkjenning' })).not.toBeChecked();
  await expect(patient.getByRole('checkbox', { name: 'ID-porten, høyt nivå' })).toBeChecked();
  await expect(row.getByText('Skjerpet', { exact: true })).toBeVisible();
  await screenshotRegion(section, 'admin-identification-policy');

  // The patient's page says what is required; the host cannot admit a patient who only has the link.
  const link = await clinician.createConsultation('Skjerpet krav');
  const guest = await newParticipant('policy-patient');
  await guest.openLink(link);
  await expect(guest.page.getByTestId('identification-required')).toContainText('ID-porten');
  await guest.passInfo();
  await guest.deviceCheck();
  await guest.joinWithName('Ola Pasient');
  await guest.expectWaiting();
  // "Slipp inn" opens the call and admits from there (admit-on-open), which the server refuses.
  await clinician.page.getByRole('button', { name: 'Slipp inn Ola Pasient' }).click();
  await clinician.page.getByRole('button', { name: 'Gå inn i samtalen' }).click();
  await expect(clinician.page.getByRole('alert')).toHaveText(/ikke identifisert slik denne samtalen krever/);
  await guest.expectWaiting();
  await clinician.screenshot('admin-identification-policy-admit-refused');
});

test('a proof below a kind’s floor cannot be chosen, and a page that sends one anyway is refused with the coded message', async ({
  app,
  newParticipant,
}) => {
  const admin = await newParticipant('admin-policy-floor');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const section = admin.page.getByRole('region', { name: 'Krav til identifisering' });
  const clinical = section.getByRole('group', { name: 'Klinisk møte (alltid med personopplysninger)' });
  const members = clinical.getByRole('group', { name: 'Medlemmer' });
  const login = members.getByRole('checkbox', { name: 'Innlogget med konto' });
  await expect(login).toBeDisabled();
  await expect(login).toHaveAccessibleDescription('Under minstekravet for denne møtetypen');
  const patientName = clinical.getByRole('group', { name: 'Pasient' }).getByRole('checkbox', {
    name: 'Navn og verts godkjenning',
  });
  await expect(patientName).toBeDisabled();
  await expect(patientName).toHaveAccessibleDescription('Under minstekravet for denne møtetypen');

  // A page that sends a looser rule anyway (here: its request changed on the way) gets the server's refusal.
  await admin.page.route('**/api/admin/identification-policy', async (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    const looser = { member: ['login'], patient: ['idporten-high', 'id-shown-in-video'], guest: ['name'] };
    return route.continue({ postData: JSON.stringify({ ...body, 'clinical:personal-data': looser }) });
  });
  const refused = admin.page.waitForResponse(
    (r) => r.url().endsWith('/api/admin/identification-policy') && r.request().method() === 'PUT',
  );
  await section.getByRole('button', { name: 'Lagre krav til identifisering' }).click();
  expect((await refused).status()).toBe(400);
  await expect(section.getByRole('alert')).toHaveText('Kravene kan bare skjerpes, ikke lempes under minstekravet.');
  await screenshotRegion(section, 'admin-identification-policy-refused');

  // Nothing was stored: after a reload the clinical row is at its floor.
  await admin.page.unroute('**/api/admin/identification-policy');
  await admin.page.reload();
  await expect(clinical.getByText('Minstekrav', { exact: true })).toBeVisible();
  await expect(members.getByRole('checkbox', { name: 'Innlogget med konto' })).not.toBeChecked();
});
