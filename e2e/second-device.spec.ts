/**
 * One link admits one person: opening it on a second device moves the patient there (still
 * admitted) and tells the first device, which stops taking part.
 */
import { expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('opening the patient link on a second device moves the admitted patient there and tells the first device', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('To enheter');
  const laptop = await newParticipant('first-device');
  await laptop.join(link, 'Ola Pasient');
  await clinician.admit('Ola Pasient');
  await laptop.expectInCall();
  await waitForMediaFromPeers(laptop.page, 1);

  const phone = await newParticipant('second-device', { viewport: { width: 390, height: 844 } });
  await phone.openLink(link);
  await phone.passInfo();
  await phone.deviceCheck();
  await phone.joinWithName('Ola Pasient');
  await phone.expectInCall();

  await laptop.expectSuperseded();
  await laptop.screenshot('patient-superseded');
  await expect
    .poll(() => laptop.page.evaluate(() => window.__pcs.every((pc) => pc.connectionState === 'closed')))
    .toBe(true);

  await waitForMediaFromPeers(phone.page, 1);
  await expectRemotePicture(phone.page, 1);
  await waitForMediaFromPeers(clinician.page, 1);
  await expectRemotePicture(clinician.page, 1);
});
