/**
 * ID-porten before the waiting room (issue 8), through the real UI and the test provider's login
 * page (oidc-provider with ID-porten's profile): a patient at level high is shown to the
 * clinician with level, birth date and the expected-patient match; a mismatch in red; level
 * substantial refused where high is required, saying what is needed; a forwarded link opened by
 * another person refused, and by the same person on a second device offered to the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreatedConsultation } from '@samtale/protocol';
import { createClientKeyFile } from '../packages/server/test/helpers/idp/client-keys.ts';
import { TestIdp } from '../packages/server/test/helpers/idp/TestIdp.ts';
import { Participant } from './fixtures/Participant.ts';
import { expect, startApp, test, type TestApp } from './fixtures/test.ts';

const HIGH_PID = '01817299926';
const SUBSTANTIAL_PID = '15886599908';

let idp: TestIdp;
let app: TestApp;
let keyDir: string;

test.beforeAll(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'samtale-e2e-idporten-'));
  idp = await TestIdp.start({ profile: 'idporten' });
  const key = await createClientKeyFile(keyDir, 'idporten.jwk.json');
  app = await startApp({
    env: {
      IDPORTEN_ISSUER: idp.issuer,
      IDPORTEN_CLIENT_ID: 'samtale-e2e',
      IDPORTEN_PRIVATE_KEY_FILE: key.path,
      IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
    },
  });
  idp.registerClient({
    clientId: 'samtale-e2e',
    redirectUris: [`${app.server.url}/api/auth/idporten/callback`],
    jwks: { keys: [key.publicJwk] },
  });
  // The organisation requires ID-porten at level high of patients in its consultations.
  const row = { member: ['login'], patient: ['idporten-high'], guest: ['name'] };
  await app.admin.api.request('PUT', '/api/admin/identification-policy', null, {
    'consultation:no-personal-data': row,
    'consultation:personal-data': row,
  });
});

test.afterAll(async () => {
  await app.server.dispose();
  await idp.close();
  rmSync(keyDir, { recursive: true, force: true });
});

/** A consultation naming `expectedPatient`, made through the API (the clinician types it there). */
async function consultation(label: string, expectedPatient: string): Promise<string> {
  const created = await app.clinician.api.request('POST', '/api/consultations', CreatedConsultation, {
    label,
    expectedPatient,
  });
  const url = created.invitation.url;
  if (url === undefined) throw new TypeError('no patient link');
  return url;
}

async function loggedInClinician(openPage: (o: { baseURL: string }) => Promise<Participant['page']>) {
  const clinician = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-clinician');
  await clinician.login(app.clinician.email, app.clinician.password);
  return clinician;
}

/** From the link through ID-porten as `person`, back on the patient page. */
async function identify(patient: Participant, link: string, person: RegExp): Promise<void> {
  await patient.openLink(link);
  await expect(
    patient.page.getByText('Logg inn med ID-porten (BankID e.l.) før venterommet', { exact: false }),
  ).toBeVisible();
  await patient.page.getByRole('button', { name: 'Logg inn med ID-porten' }).click();
  await expect(patient.page.getByRole('heading', { name: 'Test-ID-porten' })).toBeVisible();
  await patient.page.getByRole('button', { name: person }).click();
}

test('a patient identifies at level high; the clinician sees the level, the birth date and the match', async ({
  openPage,
}) => {
  const link = await consultation('ID-porten høy', HIGH_PID);
  const clinician = await loggedInClinician(openPage);
  const patient = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-patient');
  await patient.openLink(link);
  // Without ID-porten there is no way on: the device check waits until the patient has identified.
  await expect(patient.page.getByRole('button', { name: 'Test kamera og mikrofon' })).toHaveCount(0);
  // Desktop and 390 px wide (the screenshot helper takes both).
  await patient.screenshot('idporten-patient-step');

  await identify(patient, link, /Pasient Høy/);
  // Back where they were going: the device check, with the link in the address bar again.
  await patient.deviceCheck();
  expect(new URL(patient.page.url()).pathname).toBe(new URL(link).pathname);
  await patient.joinWithName('Pasient Høy');
  await patient.expectWaiting();

  await clinician.page.reload();
  const waitingRow = clinician.page.getByRole('listitem').filter({ hasText: 'Pasient Høy' });
  await expect(waitingRow.getByText('Identifisert med ID-porten (høyt nivå)')).toBeVisible();
  await clinician.admit('Pasient Høy');
  await patient.expectInCall();
  await expect(
    clinician.page.getByRole('listitem', {
      name: 'Pasient Høy, pasient, Identifisert med ID-porten (høyt nivå), født 1972-01-01, samsvarer med forventet pasient',
    }),
  ).toBeVisible();
  // The patient's own screen does not carry the birth date or the match (hosts only).
  await expect(
    patient.page.getByRole('listitem', { name: /^Pasient Høy, pasient, Identifisert med ID-porten \(høyt nivå\)$/ }),
  ).toBeVisible();
  await clinician.screenshot('idporten-host-call');
  const html = await patient.page.content();
  expect(html).not.toContain(HIGH_PID);
});

test('a patient who is not the expected one is shown in red: “samsvarer ikke”', async ({ openPage }) => {
  const link = await consultation('ID-porten avvik', SUBSTANTIAL_PID);
  const clinician = await loggedInClinician(openPage);
  const patient = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-mismatch');
  await identify(patient, link, /Pasient Høy/);
  await patient.deviceCheck();
  await patient.joinWithName('Pasient Avvik');
  await patient.expectWaiting();
  await clinician.page.reload();
  const mismatch = clinician.page
    .getByRole('listitem')
    .filter({ hasText: 'Pasient Avvik' })
    .getByText('samsvarer ikke med forventet pasient');
  await expect(mismatch).toBeVisible();
  await expect(mismatch).toHaveClass(/id-mismatch/);
  const colour = await mismatch.evaluate((el) => getComputedStyle(el).color);
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+/g) ?? []).map(Number);
  expect(r).toBeGreaterThan(g + 60);
  expect(r).toBeGreaterThan(b + 60);
  await clinician.screenshot('idporten-mismatch-dashboard');
});

test('level substantial is refused where high is required, and the page says what is needed', async ({ openPage }) => {
  const link = await consultation('ID-porten betydelig', SUBSTANTIAL_PID);
  const patient = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-substantial');
  await identify(patient, link, /Pasient Betydelig/);
  const alert = patient.page.getByRole('alert');
  await expect(alert).toHaveText(
    'Innloggingen var ikke på sikkerhetsnivået som kreves. Det som kreves: ID-porten (høyt nivå).',
  );
  await expect(patient.page.getByRole('button', { name: 'Logg inn med ID-porten' })).toBeVisible();
  await expect(patient.page.getByRole('button', { name: 'Test kamera og mikrofon' })).toHaveCount(0);
  await patient.screenshot('idporten-substantial-refused');
});

test('a forwarded link: another person is refused, the same person on a second device waits for the host', async ({
  openPage,
}) => {
  const link = await consultation('ID-porten videresendt', HIGH_PID);
  const clinician = await loggedInClinician(openPage);
  const patient = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-holder');
  await identify(patient, link, /Pasient Høy/);
  await patient.deviceCheck();
  await patient.joinWithName('Pasient Videre');
  await patient.expectWaiting();
  await clinician.page.reload();
  await clinician.admit('Pasient Videre');
  await patient.expectInCall();

  const other = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-other-person');
  await identify(other, link, /Pasient D-nummer/);
  await expect(other.page.getByRole('alert')).toHaveText(/Lenken brukes av personen den ble sendt til/);
  await expect(other.page.getByRole('button', { name: 'Test kamera og mikrofon' })).toHaveCount(0);
  await other.screenshot('idporten-other-person-refused');

  const second = new Participant(await openPage({ baseURL: app.server.url }), 'idporten-second-device');
  await identify(second, link, /Pasient Høy/);
  await second.deviceCheck();
  await second.joinWithName('Pasient Videre mobil');
  await second.expectWaiting();
  await expect(clinician.page.getByText(/er åpnet på en annen enhet/).first()).toBeVisible();
  // The patient in the call keeps the seat until the host decides.
  await patient.expectInCall();
});
