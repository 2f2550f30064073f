/**
 * The quick start as a new user meets it: the server prints a one-time setup link, the admin is
 * created from it in the browser, adds a clinician on /admin, and the clinician logs in.
 */
import { Participant } from './fixtures/Participant.ts';
import { TestServer } from './fixtures/server.ts';
import { expect, test } from './fixtures/test.ts';

test('the printed setup link creates the first admin, who adds a clinician that can then log in', async ({
  openPage,
}) => {
  const server = await TestServer.start();
  try {
    const setupUrl = `${server.url}/setup#${await server.waitForSetupToken()}`;
    const admin = new Participant(await openPage({ baseURL: server.url }), 'admin');
    await admin.page.goto(setupUrl);
    await admin.screenshot('setup');
    await admin.setup(setupUrl, {
      organisation: 'Testklinikken',
      name: 'Ada Admin',
      email: 'admin@testklinikken.no',
      password: 'admin-passord-123',
    });

    await admin.page.goto('/admin');
    const form = admin.page.getByRole('region', { name: 'Legg til bruker' });
    await form.getByLabel('Navn', { exact: true }).fill('Kari Nordmann');
    await form.getByLabel('E-post', { exact: true }).fill('kari@testklinikken.no');
    await form.getByLabel('Passord', { exact: true }).fill('kari-passord-123');
    await form.getByRole('radio', { name: 'Kliniker' }).check();
    await form.getByRole('button', { name: 'Legg til' }).click();
    await expect(admin.page.getByText('Kari Nordmann er lagt til.')).toBeVisible();
    await expect(admin.page.getByRole('cell', { name: 'kari@testklinikken.no' })).toBeVisible();
    await admin.screenshot('admin');
    await admin.logout();
    await admin.screenshot('login');

    // The setup link works once.
    const again = await fetch(`${server.url}/api/setup/status`);
    expect(await again.json()).toEqual({ isSetupNeeded: false });

    const clinician = new Participant(await openPage({ baseURL: server.url }), 'clinician');
    await clinician.login('kari@testklinikken.no', 'kari-passord-123');
    await clinician.createConsultation('Første konsultasjon');
  } finally {
    await server.dispose();
  }
});
