/**
 * One link, one seat (issue 8): opening the patient's link on a second device while the patient
 * is in the call does not take the seat. The second device waits; the host sees that the link was
 * opened on another device and decides. Admitting it moves the seat there and tells the first
 * device, which stops taking part.
 */
import { expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('a second device with the admitted patient link waits until the host admits it, then takes the seat and the first device is told', async ({
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
  await phone.joinWithName('Ola på mobilen');
  await phone.expectWaiting();
  await expect(clinician.page.getByText('Lenken til Ola Pasient er åpnet på en annen enhet')).toBeVisible();
  await clinician.screenshot('host-link-on-other-device');

  await clinician.admit('Ola på mobilen');
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
