/**
 * The accessibility statement (/tilgjengelighet, issue 11 item 5): linked from the footer of
 * every page, readable without logging in, in bokmål, nynorsk and English, and reporting the
 * screens the e2e run's axe checks covered (checked-screens.json, refreshed by that run).
 */
import { readFile } from 'node:fs/promises';
import { SUMMARY_FILE } from './fixtures/accessibility-summary.ts';
import { expect, test } from './fixtures/test.ts';
import type { AccessibilitySummary } from '../packages/web/src/pages/accessibility/summary.ts';

test('the statement is linked from the footer and says what the tests check, in all three languages', async ({
  app,
  newParticipant,
}) => {
  const summary = JSON.parse(await readFile(SUMMARY_FILE, 'utf8')) as AccessibilitySummary;
  const { invitation } = await app.clinician.api.createConsultation('Erklæring');
  if (!invitation.url) throw new TypeError('a new consultation comes with its patient link');

  // The patient's first page and the login page both link to it from their footer, in a new tab.
  const visitor = await newParticipant('statement-visitor');
  for (const address of [invitation.url, '/']) {
    await visitor.page.goto(address);
    const link = visitor.page
      .getByRole('contentinfo')
      .getByRole('link', { name: 'Tilgjengelighetserklæring (åpnes i ny fane)' });
    await expect(link).toHaveAttribute('href', '/tilgjengelighet');
    await expect(link).toHaveAttribute('target', '_blank');
  }

  await visitor.page.goto('/tilgjengelighet');
  const page = visitor.page;
  await expect(page.getByRole('heading', { level: 1, name: 'Tilgjengelighetserklæring for Samtale' })).toBeFocused();
  for (const section of ['Samsvarsstatus', 'Hva vi tester, og hvordan', 'Kjente avvik', 'Tilbakemelding og kontakt'])
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  await expect(
    page.getByText(`Hver testkjøring går gjennom ${summary.screens.length} skjermbilder med axe-core`),
  ).toBeVisible();
  await expect(page.getByText(`sist oppdatert ${summary.updated}`)).toBeVisible();
  await page.getByText(`Skjermbilder som er sjekket (${summary.screens.length})`).click();
  const table = page.getByRole('table', { name: 'Resultat fra axe per skjermbilde' });
  await expect(table.getByRole('row')).toHaveCount(summary.screens.length + 1);
  const first = summary.screens[0];
  if (first) await expect(table.getByRole('rowheader', { name: first.screen, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /uutilsynet\.no/ })).toHaveAttribute(
    'href',
    'https://www.uutilsynet.no/',
  );
  await visitor.screenshot('accessibility-statement');

  await page.getByRole('combobox', { name: 'Språk' }).selectOption('nn');
  await expect(page.getByRole('heading', { level: 1, name: 'Tilgjengelegheitserklæring for Samtale' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Kjende avvik' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Accessibility statement for Samtale' })).toBeVisible();
  await expect(page.getByText(`Every test run checks ${summary.screens.length} screens`)).toBeVisible();
  await visitor.screenshot('accessibility-statement-en');
});
