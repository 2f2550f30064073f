/**
 * End-to-end encryption in a peer-to-peer consultation through the real UI: both sides show
 * "encrypted" and the same verification code, media flows through the SFrame layer, and
 * confirming the code marks it verified.
 */
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('clinician and patient see "Kryptert ende-til-ende" with the same code, and confirming shows "Verifisert"', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Kryptert kontroll');
  const patient = await newParticipant('patient');
  await patient.join(link, 'Kari Pasient');
  await patient.expectWaiting();
  await clinician.admit('Kari Pasient');
  await patient.expectInCall();

  const codes: string[] = [];
  const names: string[][] = [];
  for (const side of [clinician, patient]) {
    await waitForMediaFromPeers(side.page, 1);
    const encryption = side.page.getByRole('region', { name: 'Kryptering' });
    await expect(encryption.getByText('Kryptert ende-til-ende')).toBeVisible({ timeout: 20_000 });
    const digits = encryption.getByLabel('Sikkerhetskode');
    await expect(digits).toHaveText(/^\d{5}( \d{5}){4}$/);
    codes.push((await digits.textContent()) ?? '');
    // The symbols are the app's own SVG, named in words (no emoji font needed), five of them.
    const symbols = encryption.getByRole('list', { name: 'Symboler' });
    await expect(symbols.getByRole('listitem')).toHaveCount(5);
    await expect(symbols.locator('svg')).toHaveCount(5);
    names.push(await symbols.getByRole('listitem').allTextContents());
  }
  expect(codes[0]).toBe(codes[1]);
  expect(names[0]).toEqual(names[1]);

  // Every peer connection of the page was made for encoded transforms (Chromium's E2EE path).
  const flags = await patient.page.evaluate(() =>
    window.__pcs.map(
      (pc) =>
        (pc.getConfiguration() as RTCConfiguration & { encodedInsertableStreams?: boolean }).encodedInsertableStreams,
    ),
  );
  expect(flags.length).toBeGreaterThan(0);
  expect(flags.every((flag) => flag === true)).toBe(true);

  await clinician.page.getByRole('button', { name: 'Bekreft', exact: true }).click();
  await expect(clinician.page.getByText('Verifisert')).toBeVisible();
  await clinician.screenshot('clinician-e2ee-verified');
});
