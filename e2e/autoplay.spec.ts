/**
 * Autoplay rules (issue 11 item 3): a browser that refuses sound until the person taps (Safari on
 * iPhone: `play()` with sound only inside a tap's handler) shows the other person's picture
 * silenced and a "Trykk for å høre" control, never a silent call that looks fine.
 *
 * Chromium's own `--autoplay-policy=user-gesture-required` cannot be shown here: Playwright runs
 * every evaluation with a user gesture, so Chromium counts the page as tapped at once. Safari's
 * rule is therefore put into the patient's page by an init script, as Safari applies it: an
 * unmuted `play()` outside a real (trusted) click's handler is refused with NotAllowedError.
 */
import type { Page } from '@playwright/test';
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

/** Safari's rule for sound: only while a trusted click is being handled. */
function refuseSoundOutsideATap(): void {
  let isInTap = false;
  window.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted) return;
      isInTap = true;
      setTimeout(() => {
        isInTap = false;
      }, 0);
    },
    true,
  );
  const { play } = HTMLMediaElement.prototype as { play: (this: HTMLMediaElement) => Promise<void> };
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (!this.muted && !isInTap) return Promise.reject(new DOMException('sound needs a tap', 'NotAllowedError'));
    return play.call(this);
  };
}

async function videoState(page: Page): Promise<[boolean, boolean]> {
  return page.locator('.tile-remote video').evaluate((v: HTMLVideoElement) => [v.paused, v.muted]);
}

test('where the browser refuses sound before a tap, the patient sees the clinician silenced and a "Trykk for å høre" control that brings the sound', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Autoavspilling');
  const patient = await newParticipant('patient-autoplay');
  await patient.page.addInitScript(refuseSoundOutsideATap);
  await patient.join(link, 'Ola Stille');
  await clinician.admit('Ola Stille');
  await patient.expectInCall();
  await waitForMediaFromPeers(patient.page, 1);

  const tapToHear = patient.page.getByRole('button', { name: /^Trykk for å høre / });
  await expect(tapToHear).toBeVisible();
  // The picture plays, silenced: the person is seen while the sound waits for the tap.
  await expect.poll(() => videoState(patient.page)).toEqual([false, true]);
  await patient.screenshot('patient-tap-to-hear');

  await tapToHear.click();
  await expect(tapToHear).toHaveCount(0);
  await expect.poll(() => videoState(patient.page)).toEqual([false, false]);
});
