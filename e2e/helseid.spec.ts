/**
 * HelseID login through the real UI and the test provider's login page (oidc-provider with
 * HelseID's profile): a clinician at level 4 lands on the dashboard with HelseID, the level and
 * the HPR number shown; a level-3 login is shown as level 3 (policy is enforced elsewhere).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClientKeyFile } from '../packages/server/test/helpers/idp/client-keys.ts';
import { TestIdp } from '../packages/server/test/helpers/idp/TestIdp.ts';
import { Participant } from './fixtures/Participant.ts';
import { expect, startApp, test, type TestApp } from './fixtures/test.ts';

let idp: TestIdp;
let app: TestApp;
let keyDir: string;

test.beforeAll(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'samtale-e2e-helseid-'));
  idp = await TestIdp.start({ profile: 'helseid' });
  const key = await createClientKeyFile(keyDir, 'helseid.jwk.json');
  app = await startApp({
    env: {
      HELSEID_ISSUER: idp.issuer,
      HELSEID_CLIENT_ID: 'samtale-e2e',
      HELSEID_PRIVATE_KEY_FILE: key.path,
      IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
    },
  });
  idp.registerClient({
    clientId: 'samtale-e2e',
    redirectUris: [`${app.server.url}/api/auth/helseid/callback`],
    postLogoutRedirectUris: [`${app.server.url}/login`],
    jwks: { keys: [key.publicJwk] },
  });
  await app.admin.api.request('PUT', '/api/admin/helseid/provisioning', null, { isEnabled: true, role: 'clinician' });
});

test.afterAll(async () => {
  await app.server.dispose();
  await idp.close();
  rmSync(keyDir, { recursive: true, force: true });
});

async function logInWithHelseId(clinician: Participant, person: RegExp): Promise<void> {
  await clinician.page.goto('/');
  await clinician.page.getByRole('link', { name: 'Logg inn med HelseID' }).click();
  await expect(clinician.page.getByRole('heading', { name: 'Test-HelseID' })).toBeVisible();
  await clinician.screenshot('helseid-idp-login');
  await clinician.page.getByRole('button', { name: person }).click();
}

test('a clinician logs in with HelseID at level 4 and sees HelseID, the level and the HPR number', async ({
  openPage,
}) => {
  const clinician = new Participant(await openPage({ baseURL: app.server.url }), 'helseid-clinician');
  await clinician.page.goto('/');
  await expect(clinician.page.getByRole('link', { name: 'Logg inn med HelseID' })).toBeVisible();
  await clinician.screenshot('helseid-login-page');
  await logInWithHelseId(clinician, /Kari Lege Nordmann/);
  const menu = clinician.page.getByRole('navigation', { name: 'Brukermeny' });
  await expect(menu.getByTestId('login-method')).toHaveText('HelseID, sikkerhetsnivå 4 · HPR-nr. 565505933 · Lege');
  await clinician.screenshot('helseid-dashboard');
  const me: unknown = await clinician.page.evaluate(
    async () => (await fetch('/api/auth/me')).json() as Promise<unknown>,
  );
  expect(me).toMatchObject({ loginMethod: { method: 'helseid', securityLevel: 4, hprNumber: '565505933' } });

  // Logging out ends the session here and at HelseID, which sends the browser back to the login page.
  await menu.getByRole('button', { name: 'Logg ut' }).click();
  await clinician.page.waitForURL((url) => url.origin === idp.issuer || url.pathname === '/login');
  if (new URL(clinician.page.url()).origin === idp.issuer) {
    await clinician.page.getByRole('button', { name: /yes|ja/i }).click();
  }
  await clinician.page.waitForURL(`${app.server.url}/login`);
  await expect(clinician.page.getByRole('link', { name: 'Logg inn med HelseID' })).toBeVisible();
  expect(await clinician.page.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
});

test('a level-3 HelseID login is shown as level 3', async ({ openPage }) => {
  const clinician = new Participant(await openPage({ baseURL: app.server.url }), 'helseid-level3');
  await logInWithHelseId(clinician, /Ola Sykepleier Hansen/);
  await expect(clinician.page.getByTestId('login-method')).toHaveText(
    'HelseID, sikkerhetsnivå 3 · HPR-nr. 565501872 · Sykepleier',
  );
});
