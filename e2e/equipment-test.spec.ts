/**
 * The equipment test `/test` (issue 9), in Chromium with fake devices and a real coturn: without
 * login, every step runs to a good verdict (the test call relayed through TURN, measured), and
 * nothing is written to the database. With TURN unreachable the verdict says the network blocks
 * video calls; with the camera denied it gives the camera advice.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/coturn.ts';
import { test as plainTest } from './fixtures/test.ts';
import { closedPort } from '../packages/server/test/helpers/closed-port.ts';
import { databaseSnapshot } from './fixtures/database-snapshot.ts';
import { Participant } from './fixtures/Participant.ts';

const STEPS = [
  'Kamera',
  'Mikrofon',
  'Høyttaler',
  'Kontakt med Samtale',
  'Videonettverk over UDP',
  'Videonettverk over TCP/TLS',
  'Prøvesamtale',
  'Ende-til-ende-kryptering',
] as const;

const step = (page: Page, name: (typeof STEPS)[number]) =>
  page.getByRole('listitem').filter({ has: page.locator('.step-name', { hasText: new RegExp(`^${name}$`) }) });

/** Starts the test and answers the speaker question the way a person who heard the sound would. */
async function runTest(page: Page, { isSoundHeard = true } = {}): Promise<void> {
  await page.goto('/test');
  await expect(page.getByRole('heading', { level: 1, name: 'Test utstyret ditt' })).toBeVisible();
  await page.getByRole('button', { name: 'Start testen' }).click();
  await page.getByRole('button', { name: 'Spill av testlyd' }).click();
  await page.getByRole('button', { name: isSoundHeard ? 'Ja, jeg hørte den' : 'Nei' }).click();
}

const verdict = (page: Page) => page.getByRole('region', { name: 'Resultat' });

test('every step of /test passes without login, the test call is relayed and measured, and nothing is stored', async ({
  app,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  // The database as the server leaves it, before anyone opens /test.
  await app.server.stop();
  const before = await databaseSnapshot(app.server.dataDir);
  await app.server.start();

  const patient = await newParticipant('equipment-good');
  const apiCalls: string[] = [];
  patient.page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') || url.pathname === '/ws')
      apiCalls.push(`${request.method()} ${url.pathname}`);
  });
  await runTest(patient.page);

  await expect(verdict(patient.page)).toBeVisible({ timeout: 60_000 });
  await expect(verdict(patient.page)).toContainText('Alt ser bra ut');
  for (const name of STEPS) await expect(step(patient.page, name)).toContainText('OK');
  await expect(step(patient.page, 'Prøvesamtale').locator('.step-detail')).toHaveText(
    /^Sendte \d+ kbit\/s, plass til \d+ kbit\/s, svartid \d+ ms$/,
  );
  await expect(patient.page.getByRole('progressbar', { name: 'Fremdrift' })).toHaveAttribute('value', '7');
  // The live log read out each finished step, in words.
  await expect(patient.page.getByRole('log')).toContainText('Prøvesamtale: OK');
  // The relay-only peer connections of the test call (the coturn fixture forces relay on all).
  expect(await patient.page.evaluate(() => window.__pcs.length)).toBeGreaterThanOrEqual(4);
  await patient.screenshot('equipment-test-good');

  // Over HTTP only the credential request reached the server (the WebSocket ping is the server step's OK).
  expect(new Set(apiCalls)).toEqual(new Set(['POST /api/equipment-test/ice-servers']));
  await patient.page.context().close();
  await app.server.stop();
  expect(await databaseSnapshot(app.server.dataDir)).toEqual(before);
});

test('with the camera denied, /test gives the camera advice and the rest still runs', async ({ newParticipant }) => {
  test.setTimeout(120_000);
  const patient = await newParticipant('equipment-camera-denied');
  // The browser's answer when the person said no to the camera (the fake UI always says yes).
  await patient.page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints?.video
        ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
        : original(constraints);
  });
  await runTest(patient.page);

  const result = verdict(patient.page);
  await expect(result).toContainText('Noe må ordnes før videosamtalen', { timeout: 60_000 });
  await expect(result).toContainText('Nettleseren har ikke fått lov til å bruke kameraet.');
  await expect(result).not.toContainText('Nettverket ditt');
  await expect(step(patient.page, 'Kamera')).toContainText('Virker ikke');
  await expect(step(patient.page, 'Mikrofon')).toContainText('OK');
  // The test call went through TURN with the microphone's sound instead of the camera.
  await expect(step(patient.page, 'Prøvesamtale')).toContainText('OK');
  await patient.screenshot('equipment-test-camera-denied');
});

plainTest.describe('with TURN unreachable (the configured port is closed)', () => {
  const closedTurn = plainTest.extend({
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
    serverEnv: async ({}, use) => {
      const port = await closedPort();
      await use({
        TURN_SECRET: 'a-secret-for-a-turn-server-that-is-not-there',
        TURN_URLS: `turn:127.0.0.1:${port}?transport=udp,turn:127.0.0.1:${port}?transport=tcp`,
      });
    },
  });

  closedTurn('the verdict says the network blocks video calls and what to try', async ({ newParticipant }) => {
    test.setTimeout(120_000);
    const patient = await newParticipant('equipment-turn-blocked');
    await runTest(patient.page);

    const result = verdict(patient.page);
    await expect(result).toContainText('Noe må ordnes før videosamtalen', { timeout: 60_000 });
    await expect(result).toContainText('Nettverket ditt blokkerer videosamtaler; prøv et annet nettverk');
    for (const name of ['Videonettverk over UDP', 'Videonettverk over TCP/TLS', 'Prøvesamtale'] as const) {
      await expect(step(patient.page, name)).toContainText('Virker ikke');
    }
    for (const name of ['Kamera', 'Mikrofon', 'Kontakt med Samtale', 'Ende-til-ende-kryptering'] as const) {
      await expect(step(patient.page, name)).toContainText('OK');
    }
    await patient.screenshot('equipment-test-network-blocked');
  });
});

plainTest('an admin books for a clinician, who sees it appear in their day view', async ({ app, newParticipant }) => {
  const clinician = await newParticipant('clinician');
  await clinician.login(app.clinician.email, app.clinician.password);
  const admin = new Participant((await newParticipant('admin')).page, 'admin');
  await admin.login(app.admin.email, app.admin.password);

  const form = admin.page.getByRole('region', { name: 'Book time' });
  await form.getByLabel('Kliniker').selectOption({ label: app.clinician.displayName });
  const at = new Date(Date.now() + 2 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await form
    .getByLabel('Dato', { exact: true })
    .fill(`${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`);
  await form.getByLabel('Klokkeslett', { exact: true }).fill(`${pad(at.getHours())}:00`);
  await form.getByLabel('Merknad for deg (valgfritt)').fill('Booket av admin');
  await form.getByLabel('Pasientens mobilnummer').fill('912 34 567');
  await admin.screenshot('admin-booking-form');
  await form.getByRole('button', { name: 'Book og send invitasjon' }).click();
  await expect(form.getByRole('status')).toHaveText(
    `Timen er booket for ${app.clinician.displayName}. Den vises i dagsoversikten til ${app.clinician.displayName}.`,
  );

  // Live in the clinician's day view, not in the admin's.
  await expect(clinician.page.getByRole('article', { name: /Booket av admin/ })).toBeVisible();
  await expect(admin.page.getByRole('article', { name: /Booket av admin/ })).toHaveCount(0);
  await admin.screenshot('admin-booked-for-clinician');
});
