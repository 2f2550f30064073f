/**
 * The texts load in packs (i18n/I18n.ts): the patient's first page carries bokmål's own texts
 * only; another language and the staff screens' texts arrive when chosen or opened. These tests
 * show that each language still reaches every screen, also on the first paint after a reload.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';

/** The JavaScript files a page has fetched so far, by name without the hash. */
async function scriptsLoaded(page: Page): Promise<string[]> {
  const names = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((p) => p.endsWith('.js')),
  );
  return names.map((p) => p.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, ''));
}

test('a patient switches the invitation page to English, and it stays English after a reload', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Språkkontroll');
  const patient = await newParticipant('patient-english');
  await patient.openLink(link);
  await expect(patient.page.getByRole('heading', { level: 1, name: /^Videokonsultasjon med / })).toBeVisible();
  // Bokmål alone: neither another language nor the staff screens' texts were fetched.
  expect(await scriptsLoaded(patient.page)).not.toContain('en');

  await patient.page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
  await expect(patient.page.getByRole('heading', { level: 1, name: /^Video consultation with / })).toBeVisible();
  await expect(patient.page.locator('html')).toHaveAttribute('lang', 'en');

  await patient.page.reload();
  await expect(patient.page.getByRole('heading', { level: 1, name: /^Video consultation with / })).toBeVisible();
  await expect(patient.page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
});

test("a clinician's dashboard shows its own texts in the language chosen, also after a reload", async ({
  clinician,
}) => {
  const page = clinician.page;
  await expect(page.getByRole('heading', { level: 2, name: 'Ny konsultasjon' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Språk', exact: true }).selectOption('en');
  await expect(page.getByRole('heading', { level: 2, name: 'New consultation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'New consultation' })).toBeVisible();
  // No text key shows where its text should be (a staff text read before its pack arrived).
  await expect(page.getByRole('main')).not.toContainText(/\b(dashboard|nav|appointments?)\.[a-z][a-zA-Z]*/);
});
