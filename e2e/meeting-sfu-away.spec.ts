/**
 * A meeting whose Janus (JANUS_URL) cannot be reached (issue 11, item 6): the cause is the
 * server's, so the page says the media server is away — never that the person's network blocks
 * calls — claims no encryption for a call that carries no media, and waits for Janus instead of
 * making and dropping a connection every few seconds. The page's clock is Playwright's, so the
 * 15 s after which a stalled connection would be blamed on the network pass without waiting.
 */
import { expect, test } from './fixtures/test.ts';
import { connectionCount, createMeeting, openMeeting } from './fixtures/meeting.ts';

// Port 9 (discard) has nothing listening here: the server keeps trying to reach Janus.
test.use({ serverEnv: { JANUS_URL: 'ws://127.0.0.1:9/' } });

test('with its Janus unreachable, the meeting page says the media server is away, claims no encryption and makes no new connections', async ({
  clinician,
}) => {
  const page = clinician.page;
  await page.clock.install();
  const title = 'Møte uten mediaserver';
  await createMeeting(clinician, { kind: 'internal', title });
  await openMeeting(clinician, title);

  const away = page.getByRole('alert').filter({ hasText: 'Mediaserveren for møtet er borte' });
  await expect(away).toContainText('Mediaserveren for møter er ikke tilgjengelig akkurat nå.');
  await expect(away).toContainText('ikke på nettet ditt');
  const made = await connectionCount(page);

  // Past the stall timeout (15 s) and every retry the call used to make (0.5 s doubling to 5 s),
  // a second at a time with a real round trip to the server after each: the signaling heartbeat
  // (a ping every 15 s, dead after 10 s without a pong) runs on this clock too, and its pong must
  // be able to arrive, or the page would rightly reconnect (and republish) in the middle.
  for (let second = 0; second < 60; second += 1) {
    await page.clock.runFor(1_000);
    await page.evaluate(async () => (await fetch('/healthz')).ok);
  }
  await expect(away).toBeVisible();
  await expect(page.getByText(/Nettverket du er på/)).toHaveCount(0);
  const encryption = page.getByRole('region', { name: 'Kryptering' });
  await expect(encryption).toContainText('Ingen bilde eller lyd i samtalen ennå');
  await expect(encryption.getByText('Kryptert ende-til-ende')).toHaveCount(0);
  await expect(encryption.getByLabel('Sikkerhetskode')).toHaveCount(0);
  expect(await connectionCount(page)).toBe(made);
  await clinician.screenshot('meeting-sfu-away');
});
