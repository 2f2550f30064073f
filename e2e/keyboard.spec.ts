/**
 * Keyboard alone (issue 11 item 5, WCAG 2.1.1, 2.4.3, 2.4.7, 4.1.3): the patient's whole path and
 * the clinician's admit/end path with Tab, Enter and Space — no click anywhere. After every page
 * change focus is on the new page's h1; every control reached by Tab shows a visible focus ring;
 * the app's live region says "waiting", "admitted", who waits, and the microphone's state.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';

const MAX_TABS = 80;

/** Presses Tab until `target` has focus (fails after MAX_TABS), then checks the focus is visible. */
async function tabTo(target: Locator): Promise<void> {
  const page = target.page();
  await expect(target).toBeVisible();
  for (let presses = 0; presses < MAX_TABS; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) {
      await expectVisibleFocus(target);
      return;
    }
  }
  throw new Error(`${MAX_TABS} presses of Tab did not reach ${target.toString()}`);
}

/** :focus-visible matches and draws an outline of at least 2 px (styles.css: 3 px, --focus). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const ring = await target.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      isFocusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle === 'none' ? 0 : Number.parseFloat(style.outlineWidth),
    };
  });
  expect(ring.isFocusVisible, `${target.toString()} matches :focus-visible`).toBe(true);
  expect(ring.outline, `${target.toString()} draws a focus outline`).toBeGreaterThanOrEqual(2);
}

/** After a page change, focus is on the new page's h1 (Page.tsx), so reading starts there. */
async function expectHeadingFocused(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeFocused();
}

const announcer = (page: Page): Locator => page.getByTestId('live-announcer');

test('a patient and a clinician go through the whole consultation with the keyboard alone', async ({
  app,
  newParticipant,
}) => {
  const clinician = await newParticipant('keyboard-clinician');
  const host = clinician.page;
  await host.goto('/');
  await expectHeadingFocused(host, 'Logg inn');
  await tabTo(host.getByRole('textbox', { name: 'E-post', exact: true }));
  await host.keyboard.type(app.clinician.email);
  await tabTo(host.getByLabel('Passord', { exact: true }));
  await host.keyboard.type(app.clinician.password);
  await host.keyboard.press('Enter');
  await expectHeadingFocused(host, 'Oversikt');

  await tabTo(host.getByRole('textbox', { name: 'Merknad (valgfritt)', exact: true }));
  await host.keyboard.type('Tastatur');
  await tabTo(host.getByRole('button', { name: 'Opprett konsultasjon' }));
  await host.keyboard.press('Enter');
  const linkBox = host.getByRole('article', { name: 'Tastatur' }).getByRole('textbox', { name: 'Lenke for pasient' });
  await expect(linkBox).toHaveValue(/\/j\//);
  const link = await linkBox.inputValue();

  // ---- the patient: link → information → device check → name and consent → waiting room ----
  const patient = await newParticipant('keyboard-patient');
  const page = patient.page;
  await page.goto(link);
  await expectHeadingFocused(page, /^Videokonsultasjon med /);
  await tabTo(page.getByRole('button', { name: 'Test kamera og mikrofon' }));
  await page.keyboard.press('Enter');
  await expectHeadingFocused(page, 'Test kamera og mikrofon');
  await expect(page.getByRole('meter', { name: 'Lydnivå fra mikrofonen' })).toBeVisible();
  await tabTo(page.getByRole('button', { name: 'Fortsett' }));
  await page.keyboard.press('Enter');
  await tabTo(page.getByRole('textbox', { name: 'Fullt navn', exact: true }));
  await page.keyboard.type('Kari Tastatur');
  const consent = page.getByRole('checkbox', { name: /samtykker til å få helsehjelp over video/ });
  await tabTo(consent);
  await page.keyboard.press('Space');
  await expect(consent).toBeChecked();
  await tabTo(page.getByRole('button', { name: 'Gå til venterommet' }));
  await page.keyboard.press('Enter');
  await expectHeadingFocused(page, 'Venterommet');
  await expect(announcer(page)).toHaveText(/Du er i venterommet\./);

  // ---- the clinician hears who waits and admits with Enter ----
  await expect(announcer(host)).toHaveText('Kari Tastatur venter på å bli sluppet inn.');
  await tabTo(host.getByRole('button', { name: 'Slipp inn Kari Tastatur' }));
  await host.keyboard.press('Enter');
  await expectHeadingFocused(host, 'Klar for samtalen');
  await tabTo(host.getByRole('button', { name: 'Gå inn i samtalen' }));
  await host.keyboard.press('Enter');
  await clinician.expectInCall();

  // ---- the patient is let in, hears it, mutes with Space ----
  await patient.expectInCall();
  await expectHeadingFocused(page, 'Videokonsultasjon');
  await expect(announcer(page)).toHaveText('Du er sluppet inn i samtalen.');
  const mute = page.getByRole('button', { name: 'Demp mikrofon' });
  await tabTo(mute);
  await page.keyboard.press('Space');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(announcer(page)).toHaveText('Mikrofonen din er dempet.');
  await page.keyboard.press('Space');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expect(announcer(page)).toHaveText('Mikrofonen din er på.');

  // ---- the patient leaves; the clinician ends for everyone through the confirm step ----
  await tabTo(page.getByRole('button', { name: 'Forlat samtalen' }));
  await page.keyboard.press('Enter');
  await expectHeadingFocused(page, 'Du har forlatt konsultasjonen');

  await tabTo(host.getByRole('button', { name: 'Avslutt for alle' }));
  await host.keyboard.press('Enter');
  // The confirm step puts focus on "Avbryt" (the safe choice); the keyboard goes on to "Ja".
  await expect(host.getByRole('button', { name: 'Avbryt' })).toBeFocused();
  await tabTo(host.getByRole('button', { name: 'Ja, avslutt for alle' }));
  await host.keyboard.press('Enter');
  await expectHeadingFocused(host, 'Konsultasjonen er avsluttet');
});

test('the waiting room stops its animation when the system asks for reduced motion', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Rolig');
  const patient = await newParticipant('reduced-motion-patient');
  await patient.join(link, 'Rolig Pasient');
  const pulse = patient.page.locator('.pulse');
  const animation = (): Promise<string> => pulse.evaluate((element) => getComputedStyle(element).animationName);
  expect(await animation()).toBe('pulse');
  await patient.page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await animation()).toBe('none');
});
