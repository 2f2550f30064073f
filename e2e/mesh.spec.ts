/**
 * A second link brings a third person (an interpreter) into the call: after admission every
 * one of the three sees and hears both others over a peer-to-peer mesh.
 */
import { expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { CLINICIAN, test } from './fixtures/test.ts';

test('an interpreter admitted through a second link joins a three-way call with media both ways for everyone', async ({
  clinician,
  newParticipant,
}) => {
  const patientLink = await clinician.createConsultation('Med tolk');
  const patient = await newParticipant('mesh-patient');
  await patient.join(patientLink, 'Ola Pasient');
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();

  const interpreterLink = await clinician.createExtraLink('interpreter');
  const interpreter = await newParticipant('mesh-interpreter');
  await interpreter.join(interpreterLink, 'Tina Tolk');
  await interpreter.screenshot('interpreter-waiting');
  await clinician.admit('Tina Tolk');
  await interpreter.expectInCall();

  for (const person of [clinician, patient, interpreter]) {
    await person.expectParticipant(CLINICIAN.displayName, 'host');
    await person.expectParticipant('Ola Pasient', 'patient');
    await person.expectParticipant('Tina Tolk', 'interpreter');
  }
  for (const person of [clinician, patient, interpreter]) {
    await waitForMediaFromPeers(person.page, 2);
    await expectRemotePicture(person.page, 2);
  }
  await clinician.screenshot('clinician-three-way-call');
  await interpreter.screenshot('interpreter-in-call');
});
