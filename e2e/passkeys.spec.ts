/**
 * Passkeys through the real UI (issue 8) with Chromium's virtual authenticator (CDP WebAuthn
 * domain): a clinician registers one from the user menu, logs in with it alone, then requires it
 * after the password; an admin's reset makes the same passkey fail. The server runs on
 * `localhost`: browsers refuse an IP address as WebAuthn relying party.
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';

test.use({ serverEnv: { HOST: 'localhost' } });

/** A platform authenticator with discoverable credentials that verifies the user (fingerprint, PIN). */
async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a clinician registers a passkey, logs in with it alone and as the second factor; an admin reset makes it fail', async ({
  app,
  newParticipant,
}) => {
  expect(new URL(app.server.url).hostname).toBe('localhost');
  const clinician = await newParticipant('clinician');
  const page = clinician.page;
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  await clinician.login(app.clinician.email, app.clinician.password);

  // Register from the user menu.
  await page.getByRole('navigation', { name: 'Brukermeny' }).getByRole('link', { name: 'Passnøkler' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Passnøkler' })).toBeVisible();
  await expect(page.getByText('Du har ingen passnøkler ennå.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Navn på passnøkkelen' }).fill('PC på kontoret');
  await page.getByRole('button', { name: 'Legg til passnøkkel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passnøkkelen PC på kontoret er lagt til.' })).toBeVisible();
  const list = page.getByRole('region', { name: 'Dine passnøkler' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('button', { name: 'Fjern passnøkkelen PC på kontoret' })).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);
  await clinician.screenshot('passkeys-account');

  // Log out, and in with the passkey only: no email, no password.
  await clinician.logout();
  await expect(page.getByRole('button', { name: 'Logg inn med passnøkkel' })).toBeVisible();
  await clinician.screenshot('passkeys-login');
  await page.getByRole('button', { name: 'Logg inn med passnøkkel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oversikt' })).toBeVisible();
  const afterPasskey = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(afterPasskey.credentials[0]?.signCount).toBeGreaterThan(0);

  // Require the passkey after the password.
  await page.getByRole('link', { name: 'Passnøkler' }).click();
  await page.getByRole('checkbox', { name: 'Krev passnøkkel når jeg logger inn med passord' }).check();
  await expect(
    page.getByRole('status').filter({ hasText: 'Passnøkkel kreves nå ved innlogging med passord.' }),
  ).toBeVisible();
  await clinician.logout();
  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill(app.clinician.email);
  await page.getByLabel('Passord', { exact: true }).fill(app.clinician.password);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Bekreft med passnøkkel' })).toBeVisible();
  // The right password alone made no session.
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  await clinician.screenshot('passkeys-second-factor');
  await page.getByRole('button', { name: 'Bruk passnøkkel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Oversikt' })).toBeVisible();

  // The admin resets the clinician's sign-in.
  const admin = await newParticipant('admin');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const row = admin.page.getByRole('row').filter({ hasText: app.clinician.email });
  await expect(row.getByRole('cell', { name: '1 (krever passnøkkel)' })).toBeVisible();
  await row.getByRole('button', { name: `Tilbakestill innlogging for ${app.clinician.displayName}` }).click();
  const form = admin.page.getByRole('form', { name: `Tilbakestill innlogging for ${app.clinician.displayName}` });
  await form.getByLabel('Nytt passord').fill('nytt-passord-456');
  await admin.screenshot('passkeys-admin-reset');
  await form.getByRole('button', { name: 'Fjern passnøkler og sett nytt passord' }).click();
  await expect(admin.page.getByRole('region', { name: 'Brukere' }).getByRole('status')).toHaveText(
    `Innloggingen til ${app.clinician.displayName} er tilbakestilt. 1 passnøkler ble fjernet.`,
  );
  await expect(row.getByRole('cell', { name: '0', exact: true })).toBeVisible();

  // The clinician's session ended; the passkey on the device no longer logs in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Logg inn' })).toBeVisible();
  await page.getByRole('button', { name: 'Logg inn med passnøkkel' }).click();
  await expect(page.getByRole('alert')).toHaveText('Denne passnøkkelen er ikke (lenger) registrert her.');
  await clinician.screenshot('passkeys-login-refused');
  await clinician.login(app.clinician.email, 'nytt-passord-456');
});
