/**
 * A link that does not work — invalid, withdrawn, for an ended consultation, or expired — shows
 * one clear page that reveals nothing about the consultation.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { peerConnectionCount } from './fixtures/browser.ts';
import { expect, test } from './fixtures/test.ts';
import type { Participant } from './fixtures/Participant.ts';

/** The problem page shows neither the organisation nor anyone's name. */
async function expectNothingRevealed(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('Testklinikken');
  expect(text).not.toContain('Nordmann');
  expect(await peerConnectionCount(page)).toBe(0);
}

async function expectLinkOpens(patient: Participant, link: string): Promise<void> {
  await patient.openLink(link);
  await expect(patient.page.getByRole('heading', { level: 1, name: /^Videokonsultasjon med / })).toBeVisible();
}

test('an invalid link and a withdrawn link show the same page, while the consultation’s other link still opens', async ({
  app,
  newParticipant,
}) => {
  const visitor = await newParticipant('invalid-link');
  await visitor.openLink(`${app.server.url}/j/${randomBytes(32).toString('base64url')}`);
  await visitor.expectLinkProblem();
  await expectNothingRevealed(visitor.page);
  await visitor.screenshot('link-invalid');

  const { consultation, invitation } = await app.clinician.api.createConsultation('Tolk trekkes');
  const interpreterLink = await app.clinician.api.createInvitation(consultation.id, { role: 'interpreter' });
  if (!interpreterLink.url || !invitation.url) throw new TypeError('new links come with their URL');
  await app.clinician.api.revokeInvitation(consultation.id, interpreterLink.id);

  const interpreter = await newParticipant('revoked-link');
  await interpreter.openLink(interpreterLink.url);
  await interpreter.expectLinkProblem();
  await expectNothingRevealed(interpreter.page);

  await expectLinkOpens(await newParticipant('patient'), invitation.url);
});

test('the patient’s link stops working when the clinician has ended the consultation', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Avsluttes');
  await clinician.openCall();
  await clinician.endForEveryone();

  const patient = await newParticipant('ended-link');
  await patient.openLink(link);
  await patient.expectLinkProblem();
  await expectNothingRevealed(patient.page);
  await patient.screenshot('link-ended');
});

// The server checks expiry against its own clock. Instead of a test-only switch in the product,
// the test restarts the real server with its wall clock moved six minutes ahead (a preload in
// e2e/fixtures/clock-ahead.ts), so a link made with the shortest lifetime (5 minutes) is
// genuinely expired, while a 24-hour link of the same consultation still opens.
test('a link past its expiry shows the link problem page, while an unexpired link still opens', async ({
  app,
  newParticipant,
}) => {
  const { consultation, invitation } = await app.clinician.api.createConsultation('Utløper');
  const shortLived = await app.clinician.api.createInvitation(consultation.id, { role: 'relative', ttlMinutes: 5 });
  if (!shortLived.url || !invitation.url) throw new TypeError('new links come with their URL');

  await app.server.restartWithClockAhead(6 * 60_000);

  const relative = await newParticipant('expired-link');
  await relative.openLink(shortLived.url);
  await relative.expectLinkProblem();
  await expectNothingRevealed(relative.page);
  await relative.screenshot('link-expired');

  await expectLinkOpens(await newParticipant('patient'), invitation.url);
});
