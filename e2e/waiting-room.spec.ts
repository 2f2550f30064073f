/**
 * Nothing reaches a person in the waiting room before a host admits them: no peer connection,
 * no media, not even when the patient is there before the clinician.
 */
import { peerConnectionCount } from './fixtures/browser.ts';
import { expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { tapSignaling } from './fixtures/socket-tap.ts';
import { expect, test } from './fixtures/test.ts';

test('a patient who arrives before the clinician waits with no peer connection until admitted', async ({
  app,
  clinician,
  newParticipant,
}) => {
  const { invitation } = await app.clinician.api.createConsultation('Tidlig ute');
  if (!invitation.url) throw new TypeError('a new consultation comes with its patient link');

  const patient = await newParticipant('early-patient');
  const signaling = await tapSignaling(patient.page);
  await patient.join(invitation.url, 'Tidlig Pasient');
  expect(await peerConnectionCount(patient.page)).toBe(0);

  // The clinician now enters the call: the host is admitted and the room is live.
  await clinician.page.reload();
  await clinician.expectWaitingOnDashboard('Tidlig Pasient');
  await clinician.openCall('Tidlig ute');
  await expect(clinician.page.getByRole('button', { name: 'Slipp inn Tidlig Pasient' })).toBeVisible();

  // Whatever the server sent the patient when the host joined has arrived once this returns.
  await signaling.barrier();
  await patient.expectWaiting();
  expect(await peerConnectionCount(patient.page)).toBe(0);
  expect(signaling.receivedTypes.filter((type) => !['welcome', 'waiting', 'pong'].includes(type))).toEqual([]);

  await clinician.admit('Tidlig Pasient');
  await patient.expectInCall();
  await waitForMediaFromPeers(patient.page, 1);
  await waitForMediaFromPeers(clinician.page, 1);
  await expectRemotePicture(patient.page, 1);
});

test('a declined patient reads the reason and never gets a peer connection', async ({ clinician, newParticipant }) => {
  const link = await clinician.createConsultation('Feil tidspunkt');
  const patient = await newParticipant('declined-patient');
  await patient.join(link, 'Avvist Pasient');
  await patient.screenshot('patient-waiting');

  await clinician.expectWaitingOnDashboard('Avvist Pasient');
  await clinician.decline('Avvist Pasient', 'Timen din er i morgen.');
  await patient.expectDeclined('Timen din er i morgen.');
  await patient.screenshot('patient-declined');
  expect(await peerConnectionCount(patient.page)).toBe(0);
  await clinician.expectTabTitleCount(0);
});
