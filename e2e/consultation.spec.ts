/**
 * The whole consultation as the issue describes it, through the real UI in two browser contexts:
 * create, wait, message, admit, talk with media both ways, end, summary.
 */
import { peerConnectionCount } from './fixtures/browser.ts';
import { expectRemotePicture, readPeerMedia, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { CLINICIAN, expect, test } from './fixtures/test.ts';

test('a clinician admits a waiting patient, both see and hear each other, and the clinician ends with a summary', async ({
  clinician,
  newParticipant,
}) => {
  await clinician.screenshot('clinician-dashboard-empty');
  const link = await clinician.createConsultation('Kontroll etter operasjon');
  expect(link).toMatch(/\/j\/[A-Za-z0-9_-]{22,}$/);
  await clinician.screenshot('clinician-dashboard-link');

  const patient = await newParticipant('patient');
  await patient.openLink(link);
  await patient.screenshot('patient-info');
  await patient.passInfo();
  await patient.screenshot('patient-device-check');
  await patient.deviceCheck();
  await patient.screenshot('patient-name');
  await patient.joinWithName('Ola Pasient');
  await patient.expectWaiting();

  await clinician.expectWaitingOnDashboard('Ola Pasient');
  await clinician.expectTabTitleCount(1);
  await clinician.screenshot('clinician-dashboard-waiting');
  await clinician.sendMessageToWaiting('Ola Pasient', 'Jeg er ti minutter forsinket.');
  await patient.expectHostMessage('Jeg er ti minutter forsinket.');
  await patient.screenshot('patient-waiting-with-message');
  expect(await peerConnectionCount(patient.page)).toBe(0);

  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  await clinician.expectParticipant('Ola Pasient', 'patient');
  await patient.expectParticipant(CLINICIAN.displayName, 'host');

  // Media both ways: decoded video and received audio, the right picture, and audible sound.
  for (const side of [clinician, patient]) {
    await waitForMediaFromPeers(side.page, 1);
    await expectRemotePicture(side.page, 1);
    await expect.poll(async () => (await readPeerMedia(side.page)).some((m) => m.audioEnergy > 0)).toBe(true);
  }
  await clinician.screenshot('clinician-in-call');
  await patient.screenshot('patient-in-call');

  await clinician.endForEveryone();
  await patient.expectEnded();
  await patient.screenshot('patient-ended');
  await clinician.expectSummary(['Ola Pasient', CLINICIAN.displayName]);
  await clinician.screenshot('clinician-summary');
});
