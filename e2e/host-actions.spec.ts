/**
 * What a host can do to someone in the call, as that person sees it: sent back to the waiting
 * room (media stops), admitted again, removed; and a patient who leaves the waiting room.
 */
import { peerConnectionCount } from './fixtures/browser.ts';
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('a patient sent back to the waiting room loses media until admitted again, and a removed patient is told so', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Vertshandlinger');
  const patient = await newParticipant('host-actions-patient');
  await patient.join(link, 'Ola Pasient');
  await clinician.admit('Ola Pasient');
  await waitForMediaFromPeers(patient.page, 1);

  await clinician.returnToWaiting('Ola Pasient');
  await patient.expectWaiting();
  await patient.screenshot('patient-returned-to-waiting');
  await expect
    .poll(() => patient.page.evaluate(() => window.__pcs.every((pc) => pc.connectionState === 'closed')))
    .toBe(true);

  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  await waitForMediaFromPeers(patient.page, 1);

  await clinician.remove('Ola Pasient');
  await patient.expectRemoved();
  await patient.screenshot('patient-removed');
});

test('a patient who leaves the waiting room disappears from the clinician’s list', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Går igjen');
  const patient = await newParticipant('leaving-patient');
  await patient.join(link, 'Ola Pasient');
  await clinician.expectWaitingOnDashboard('Ola Pasient');

  await patient.leaveWaitingRoom();
  await patient.screenshot('patient-left');
  await expect(clinician.page.getByRole('button', { name: 'Slipp inn Ola Pasient' })).toHaveCount(0);
  await clinician.expectTabTitleCount(0);
  expect(await peerConnectionCount(patient.page)).toBe(0);
});
