/**
 * The compliance overview ("Samsvar") and the retention periods on /admin (issue 8): the admin
 * sees what is configured and what is missing, changes a period, and the overview follows — on
 * a desktop and on a 390 px phone.
 */
import { expect, test } from './fixtures/test.ts';

test('an admin reads the compliance overview and changes a retention period', async ({ app, newParticipant }) => {
  const admin = await newParticipant('admin');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');

  const overview = admin.page.getByRole('region', { name: 'Samsvar' });
  // The check named HelseID (other checks mention HelseID in their text).
  const helseId = overview.getByRole('listitem').filter({ has: admin.page.getByText('HelseID', { exact: true }) });
  await expect(helseId).toContainText('Mangler');
  await expect(overview.getByRole('listitem').filter({ hasText: 'ID-porten' })).toContainText('Mangler');
  await expect(overview.getByRole('listitem').filter({ hasText: 'Sterk innlogging for medlemmer' })).toContainText(
    'Ingen medlemmer har HelseID eller passnøkkel',
  );
  await expect(overview.getByRole('listitem').filter({ hasText: 'Hendelseslogg' })).toContainText('I orden');
  await expect(overview.getByRole('listitem').filter({ hasText: 'IP-adresser i logger' })).toContainText(
    'IP-adresser skrives ikke i loggene.',
  );
  const periods = overview.getByRole('listitem').filter({ hasText: 'Lagringstider' });
  await expect(periods).toContainText('Standard lagringstider brukes.');

  const form = admin.page.getByRole('region', { name: 'Lagringstid og sletting' });
  const names = form.getByLabel('Navn og tekster i avsluttede konsultasjoner (dager)');
  await expect(names).toHaveValue('30');
  await admin.screenshot('admin-compliance');

  // Out of bounds: refused with the coded message, nothing saved.
  await names.fill('0');
  await form.getByRole('button', { name: 'Lagre lagringstider' }).click();
  await expect(form.getByRole('alert')).toHaveText(/utenfor det tillatte området/);
  await expect(periods).toContainText('Standard lagringstider brukes.');

  await names.fill('14');
  await form.getByRole('button', { name: 'Lagre lagringstider' }).click();
  await expect(form.getByRole('status')).toHaveText('Lagringstidene er lagret.');
  await expect(periods).toContainText('Virksomheten har valgt egne lagringstider.');

  await admin.page.reload();
  await expect(form.getByLabel('Navn og tekster i avsluttede konsultasjoner (dager)')).toHaveValue('14');
  await admin.screenshot('admin-retention-saved');
});
