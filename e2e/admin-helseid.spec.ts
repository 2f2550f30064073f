/**
 * The HelseID panel on /admin and "Koble til HelseID" on /account (issue 8), through the real UI
 * and the test provider's login page: the admin sees the configuration (issuer, client id, no
 * key), registers a clinician by HPR number, who then logs in with HelseID and shows as linked;
 * a member with a local account links HelseID themselves and then logs in with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClientKeyFile } from '../packages/server/test/helpers/idp/client-keys.ts';
import { TestIdp } from '../packages/server/test/helpers/idp/TestIdp.ts';
import { Participant } from './fixtures/Participant.ts';
import { screenshotRegion } from './fixtures/region-screenshot.ts';
import { expect, startApp, test, type TestApp } from './fixtures/test.ts';

let idp: TestIdp;
let app: TestApp;
let keyDir: string;

test.beforeAll(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'samtale-e2e-admin-helseid-'));
  idp = await TestIdp.start({ profile: 'helseid' });
  const key = await createClientKeyFile(keyDir, 'helseid.jwk.json');
  app = await startApp({
    env: {
      HELSEID_ISSUER: idp.issuer,
      HELSEID_CLIENT_ID: 'samtale-e2e-admin',
      HELSEID_PRIVATE_KEY_FILE: key.path,
      IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
    },
  });
  idp.registerClient({
    clientId: 'samtale-e2e-admin',
    redirectUris: [`${app.server.url}/api/auth/helseid/callback`],
    postLogoutRedirectUris: [`${app.server.url}/login`],
    jwks: { keys: [key.publicJwk] },
  });
});

test.afterAll(async () => {
  await app.server.dispose();
  await idp.close();
  rmSync(keyDir, { recursive: true, force: true });
});

async function pickPersonAtIdp(who: Participant, person: RegExp): Promise<void> {
  await expect(who.page.getByRole('heading', { name: 'Test-HelseID' })).toBeVisible();
  await who.page.getByRole('button', { name: person }).click();
}

async function logInWithHelseId(who: Participant, person: RegExp): Promise<void> {
  await who.page.goto('/');
  await who.page.getByRole('link', { name: 'Logg inn med HelseID' }).click();
  await pickPersonAtIdp(who, person);
  await expect(who.page.getByRole('heading', { level: 1, name: 'Oversikt' })).toBeVisible();
}

test('the admin registers a clinician by HPR number, who logs in with HelseID and then shows as linked', async ({
  openPage,
}) => {
  const admin = new Participant(await openPage({ baseURL: app.server.url }), 'admin-helseid');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const panel = admin.page.getByRole('region', { name: 'HelseID' });
  await expect(panel.getByText('HelseID er satt opp.', { exact: false })).toBeVisible();
  await expect(panel.getByText(idp.issuer, { exact: true })).toBeVisible();
  await expect(panel.getByText('samtale-e2e-admin', { exact: true })).toBeVisible();
  await expect(panel.getByText('Bare registrerte og koblede medlemmer kan logge inn med HelseID.')).toBeVisible();

  const register = panel.getByRole('form', { name: 'Registrer helsepersonell' });
  await register.getByLabel('Navn').fill('Kari Lege Nordmann');
  await register.getByLabel('E-post').fill('kari.lege@testklinikken.no');
  await register.getByLabel('HPR-nummer').fill('565505933');
  await register.getByRole('button', { name: 'Registrer' }).click();
  await expect(register.getByRole('status')).toHaveText(
    'Kari Lege Nordmann er registrert og blir koblet ved første innlogging med HelseID.',
  );
  const members = panel.getByRole('table', { name: 'Medlemmer med HelseID' });
  const kari = members.getByRole('row').filter({ hasText: 'kari.lege@testklinikken.no' });
  await expect(kari).toContainText('565505933');
  await expect(kari).toContainText('Venter på første innlogging');
  // An HPR number registered twice is refused with the coded message.
  await register.getByLabel('Navn').fill('Noen Andre');
  await register.getByLabel('E-post').fill('noen.andre@testklinikken.no');
  await register.getByLabel('HPR-nummer').fill('565505933');
  await register.getByRole('button', { name: 'Registrer' }).click();
  await expect(register.getByRole('alert')).toHaveText(
    'Denne HelseID-innloggingen er allerede koblet til en annen konto.',
  );
  await screenshotRegion(panel, 'admin-helseid-registered');

  const clinician = new Participant(await openPage({ baseURL: app.server.url }), 'helseid-registered');
  await logInWithHelseId(clinician, /Kari Lege Nordmann/);
  const menu = clinician.page.getByRole('navigation', { name: 'Brukermeny' });
  await expect(menu.getByTestId('login-method')).toHaveText('HelseID, sikkerhetsnivå 4 · HPR-nr. 565505933 · Lege');
  const me: unknown = await clinician.page.evaluate(
    async () => (await fetch('/api/auth/me')).json() as Promise<unknown>,
  );
  expect(me).toMatchObject({ user: { email: 'kari.lege@testklinikken.no', helseId: { isLinked: true } } });

  await admin.page.reload();
  await expect(kari).toContainText('Koblet');
  const overview = admin.page.getByRole('region', { name: 'Samsvar' });
  const helseIdCheck = overview.getByRole('listitem').filter({ has: admin.page.getByText('HelseID', { exact: true }) });
  await expect(helseIdCheck).toContainText('I orden');
  await expect(overview.getByRole('listitem').filter({ hasText: 'Sterk innlogging for medlemmer' })).toContainText(
    /\d+\/\d+ medlemmer har HelseID eller passnøkkel/,
  );
  await screenshotRegion(overview, 'admin-compliance-identity');
});

test('the admin lets HelseID members be created at their first login, with a role, and the setting stays', async ({
  openPage,
}) => {
  const admin = new Participant(await openPage({ baseURL: app.server.url }), 'admin-helseid-provisioning');
  await admin.login(app.admin.email, app.admin.password);
  await admin.page.goto('/admin');
  const form = admin.page.getByRole('form', { name: 'Nye medlemmer ved første innlogging' });
  const roles = form.getByRole('group', { name: 'Rolle for nye medlemmer' });
  await expect(roles.getByRole('radio', { name: 'Kliniker' })).toBeDisabled();
  await form.getByRole('checkbox', { name: /^Opprett helsepersonell med HPR-nummer/ }).check();
  await roles.getByRole('radio', { name: 'Kliniker' }).check();
  await form.getByRole('button', { name: 'Lagre innstillingen' }).click();
  await expect(form.getByRole('status')).toHaveText(
    'Helsepersonell med HPR-nummer blir medlemmer ved første innlogging, med rollen Kliniker.',
  );
  await admin.page.reload();
  await expect(form.getByRole('checkbox', { name: /^Opprett helsepersonell med HPR-nummer/ })).toBeChecked();
  await form.getByRole('checkbox', { name: /^Opprett helsepersonell med HPR-nummer/ }).uncheck();
  await form.getByRole('button', { name: 'Lagre innstillingen' }).click();
  await expect(form.getByRole('status')).toHaveText('Bare registrerte og koblede medlemmer kan logge inn med HelseID.');
});

test('a member with a local account links HelseID on the account page and then logs in with HelseID', async ({
  openPage,
}) => {
  await app.admin.api.createUser({
    email: 'ola.lokal@testklinikken.no',
    displayName: 'Ola Lokal',
    role: 'clinician',
    password: 'ola-passord-1234',
  });
  const member = new Participant(await openPage({ baseURL: app.server.url }), 'helseid-link');
  await member.login('ola.lokal@testklinikken.no', 'ola-passord-1234');
  await member.page.getByRole('navigation', { name: 'Brukermeny' }).getByRole('link', { name: 'Passnøkler' }).click();
  const panel = member.page.getByRole('region', { name: 'HelseID' });
  await expect(panel.getByRole('button', { name: 'Koble til HelseID' })).toBeVisible();
  await member.screenshot('account-helseid-link');
  await panel.getByRole('button', { name: 'Koble til HelseID' }).click();
  await pickPersonAtIdp(member, /Ola Sykepleier Hansen/);

  // Back on the account page: the outcome, and the linked state with the HPR number.
  await member.page.waitForURL(`${app.server.url}/account`);
  await expect(panel.getByRole('status')).toHaveText(
    'Kontoen er nå koblet til HelseID. Neste gang kan du logge inn med HelseID.',
  );
  await expect(panel.getByTestId('helseid-link-state')).toHaveText(
    'Kontoen er koblet til HelseID (HPR-nr. 565501872).',
  );
  await expect(panel.getByRole('button', { name: 'Koble til HelseID' })).toHaveCount(0);
  await member.screenshot('account-helseid-linked');

  // Another browser: HelseID alone logs this person in as the local member.
  const again = new Participant(await openPage({ baseURL: app.server.url }), 'helseid-link-login');
  await logInWithHelseId(again, /Ola Sykepleier Hansen/);
  const menu = again.page.getByRole('navigation', { name: 'Brukermeny' });
  await expect(menu).toContainText('Ola Lokal');
  await expect(menu.getByTestId('login-method')).toHaveText(
    'HelseID, sikkerhetsnivå 3 · HPR-nr. 565501872 · Sykepleier',
  );
});
