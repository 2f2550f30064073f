/**
 * The server restarts during a call: peer-to-peer media keeps flowing while signaling is away,
 * and both people resume as themselves — nobody is sent back to the waiting room.
 */
import { expectFramesToKeepComing, expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('media continues while the server is down and both sides resume the call without being admitted again', async ({
  app,
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Omstart');
  const patient = await newParticipant('restart-patient');
  await patient.join(link, 'Ola Pasient');
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  for (const side of [clinician, patient]) await waitForMediaFromPeers(side.page, 1);

  await app.server.stop();
  await patient.expectReconnecting();
  for (const side of [clinician, patient]) await expectFramesToKeepComing(side.page);
  await patient.screenshot('patient-reconnecting');

  await app.server.start();
  for (const side of [clinician, patient]) {
    await expect(side.page.getByRole('status').filter({ hasText: 'Kobler til igjen' })).toHaveCount(0, {
      timeout: 30_000,
    });
    await side.expectInCall();
  }
  await expect(patient.page.getByRole('heading', { name: 'Venterommet' })).toHaveCount(0);
  await patient.expectParticipant('Ola Pasient', 'patient');
  for (const side of [clinician, patient]) {
    await expectFramesToKeepComing(side.page);
    await expectRemotePicture(side.page, 1);
  }

  // Signaling works again: the host's "end" reaches the patient.
  await clinician.endForEveryone();
  await patient.expectEnded();
});
