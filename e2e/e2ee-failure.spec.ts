/**
 * Fail closed, and everyone is told (issue 11), through the real UI in Chromium:
 * - a browser whose encoded transforms are switched off (an init script deletes them before the
 *   app loads: the state of older browsers) is refused at the device check, before any waiting
 *   room, and never sends `join`;
 * - a patient whose encryption worker fails mid-call shows and plays nothing from the clinician,
 *   stops receiving, and the clinician sees that the call is not encrypted with the patient, and
 *   why, with the verification code withdrawn.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';

/** Runs before any app script: this browser has neither RTCRtpScriptTransform nor encoded streams. */
function withoutEncodedTransforms(): void {
  const scope = window as unknown as Record<string, unknown>;
  delete scope['RTCRtpScriptTransform'];
  delete (RTCRtpSender.prototype as unknown as Record<string, unknown>)['createEncodedStreams'];
  delete (RTCRtpReceiver.prototype as unknown as Record<string, unknown>)['createEncodedStreams'];
}

/** Records the app's E2EE workers, so the test can make one report an error as a crashed worker does. */
function recordE2eeWorkers(): void {
  const Native = window.Worker;
  const recorded: Worker[] = [];
  (window as unknown as { __e2eeWorkers: Worker[] }).__e2eeWorkers = recorded;
  class RecordedWorker extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      if (options?.name === 'samtale-e2ee') recorded.push(this);
    }
  }
  window.Worker = RecordedWorker;
}

/**
 * Media elements on the page that show or play anything received from someone else: a track
 * received over a peer connection, or any stream outside our own camera tile (an emptied remote
 * stream would still show its last frame).
 */
function shownRemoteMedia(page: Page): Promise<number> {
  return page.evaluate(() => {
    const received = new Set(window.__pcs.flatMap((pc) => pc.getReceivers().map((r) => r.track.id)));
    return [...document.querySelectorAll('video, audio')].filter((element) => {
      const stream = (element as HTMLMediaElement).srcObject;
      if (!(stream instanceof MediaStream)) return false;
      return stream.getTracks().some((track) => received.has(track.id)) || element.closest('.tile-local') === null;
    }).length;
  });
}

test('a browser without encoded transforms is told at the device check that it cannot join, and never joins', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Gammel nettleser');
  const patient = await newParticipant('patient-e2ee-unsupported');
  await patient.page.addInitScript(withoutEncodedTransforms);
  const sockets: string[] = [];
  patient.page.on('websocket', (socket) => sockets.push(socket.url()));

  await patient.openLink(link);
  await patient.passInfo();
  const notice = patient.page.getByRole('alert');
  await expect(notice.getByRole('heading', { name: 'Denne nettleseren kan ikke brukes til samtalen' })).toBeVisible();
  await expect(notice).toContainText('Chrome, Edge, Firefox eller Safari');
  // No way on: neither with devices nor without them.
  await expect(patient.page.getByRole('button', { name: 'Fortsett' })).toHaveCount(0);
  await expect(patient.page.getByRole('button', { name: 'Bli med uten kamera og mikrofon' })).toHaveCount(0);
  expect(sockets.filter((url) => url.endsWith('/ws'))).toEqual([]);
  await patient.screenshot('patient-e2ee-unsupported');
});

test('a patient whose encryption fails mid-call shows nothing from the clinician, and the clinician is told why', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Krypteringsfeil');
  const patient = await newParticipant('patient');
  await patient.page.addInitScript(recordE2eeWorkers);
  await patient.join(link, 'Kari Pasient');
  await clinician.admit('Kari Pasient');
  await patient.expectInCall();
  for (const side of [clinician, patient]) {
    await waitForMediaFromPeers(side.page, 1);
    await expect(side.page.getByRole('region', { name: 'Kryptering' }).getByText('Kryptert ende-til-ende')).toBeVisible(
      {
        timeout: 20_000,
      },
    );
  }

  await patient.page.evaluate(() => {
    for (const worker of (window as unknown as { __e2eeWorkers: Worker[] }).__e2eeWorkers)
      worker.dispatchEvent(new Event('error'));
  });

  const patientStatus = patient.page.getByRole('region', { name: 'Kryptering' });
  await expect(
    patientStatus.getByText('Krypteringen stoppet i denne nettleseren. Last inn siden på nytt.'),
  ).toBeVisible();
  await expect(patientStatus.getByLabel('Sikkerhetskode')).toHaveCount(0);
  const clinicianStatus = clinician.page.getByRole('region', { name: 'Kryptering' });
  await expect(
    clinicianStatus.getByText('Ikke kryptert med Kari Pasient: krypteringen stoppet hos Kari Pasient.', {
      exact: false,
    }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(clinicianStatus.getByText('Kryptert ende-til-ende')).toHaveCount(0);
  await expect(clinicianStatus.getByLabel('Sikkerhetskode')).toHaveCount(0);

  // Nothing is shown or played from the other side on either page (no frozen last frame either),
  // and the patient's connection stopped receiving (renegotiated to inactive).
  await expect.poll(() => shownRemoteMedia(clinician.page)).toBe(0);
  await expect.poll(() => shownRemoteMedia(patient.page)).toBe(0);
  await expect
    .poll(
      () =>
        patient.page.evaluate(() =>
          window.__pcs.flatMap((pc) => pc.getTransceivers().map((t) => t.currentDirection ?? 'none')),
        ),
      { timeout: 20_000 },
    )
    .toEqual(['inactive', 'inactive']);
  await patient.screenshot('patient-e2ee-failed-mid-call');
  await clinician.screenshot('clinician-e2ee-failed-with-patient');
});
