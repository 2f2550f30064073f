/**
 * The call page on small and zoomed screens (issue 11 item 3): a phone upright (390×844) and on
 * its side (844×390), and a laptop at 200 % zoom (1280×800 CSS pixels become 640×400). At each
 * size nothing runs off the side of the page, the other person's picture has room, and every
 * call control can be reached.
 */
import type { Page } from '@playwright/test';
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { screenshotPath } from './fixtures/screenshots.ts';
import { expect, test } from './fixtures/test.ts';

const SIZES = [
  { name: 'phone-portrait', width: 390, height: 844 },
  { name: 'phone-landscape', width: 844, height: 390 },
  { name: 'zoom-200', width: 640, height: 400 },
] as const;

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('the call fits a phone upright and on its side and a laptop at 200 % zoom, with every control reachable', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Liten skjerm');
  const patient = await newParticipant('patient-small');
  await patient.join(link, 'Ola Liten');
  await clinician.admit('Ola Liten');
  await patient.expectInCall();
  await waitForMediaFromPeers(patient.page, 1);
  const page = patient.page;

  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await expect.poll(() => horizontalOverflow(page), { message: `${size.name}: nothing wider than the page` }).toBe(0);
    const remote = page.locator('.tile-remote video');
    const box = await remote.boundingBox();
    expect(box, `${size.name}: the other person's picture is shown`).not.toBeNull();
    // At least a fifth of the screen's width and a quarter of its height: a face, not a stamp.
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(size.width / 5);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(size.height / 4);
    for (const name of ['Demp mikrofon', 'Skru av kamera', 'Velg kamera og mikrofon', 'Forlat samtalen']) {
      const control = page.getByRole('button', { name, exact: true });
      await control.scrollIntoViewIfNeeded();
      await expect(control, `${size.name}: ${name}`).toBeInViewport();
    }
    await page.screenshot({ path: await screenshotPath(`call-${size.name}`, 'desktop') });
  }
});
