/**
 * Meetings on the embedded default (issue 11, item 6): with no Janus (no JANUS_URL, no `janus`
 * binary) the server runs meetings of up to MESH_MAX people peer to peer, end-to-end encrypted as
 * consultations are, and refuses a larger one with what the operator can do. Before, such a
 * meeting admitted everyone into a call with no media at all, claimed encryption, blamed the
 * person's network and made and dropped a connection every 4–5 s.
 */
import { expect, test } from './fixtures/test.ts';
import { expectRemotePicture, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import {
  connectionCount,
  createMeeting,
  expectInMeeting,
  newGuestLink,
  openMeeting,
  readMeetingMedia,
  verificationCode,
} from './fixtures/meeting.ts';

test.use({ serverEnv: { JANUS_BINARY: '/nonexistent/janus', MESH_MAX: '3' } });

const NETWORK_BLAME = /Nettverket du er på/;

test('with no Janus, three people meet peer to peer with media both ways for every pair and E2EE active, and a fourth is refused with what the operator can do', async ({
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const title = 'Møte uten Janus';
  await createMeeting(clinician, { kind: 'internal', title });
  const links = [await newGuestLink(clinician, title), await newGuestLink(clinician, title)];
  const lateLink = await newGuestLink(clinician, title);
  await openMeeting(clinician, title);
  const guests = [];
  for (const [i, name] of ['Ola Gjest', 'Kari Gjest'].entries()) {
    const guest = await newParticipant(`mesh-meeting-${i}`);
    await guest.join(links[i] ?? '', name);
    await clinician.admit(name);
    await expectInMeeting(guest.page);
    guests.push(guest);
  }
  const everyone = [clinician, ...guests];
  for (const person of everyone) {
    // Mesh: one connection per other person, each decoding their video and receiving their audio.
    await waitForMediaFromPeers(person.page, 2);
    await expectRemotePicture(person.page, 2);
    await expect(person.page.getByTestId('mesh-note')).toHaveText(/direkte mellom deltakerne.*Høyst 3 personer/);
  }
  // The policy shown keeps to what the mesh allows.
  await expect(clinician.page.getByRole('region', { name: 'Regler for møtet' })).toContainText('Høyst 3 deltakere');
  const codes = await Promise.all(everyone.map((person) => verificationCode(person.page)));
  expect(new Set(codes).size).toBe(1);

  // No churn: while some 150 more frames are decoded (about 5 s of video), nobody makes a new connection.
  const made = await Promise.all(everyone.map((person) => connectionCount(person.page)));
  const frames = (await readMeetingMedia(clinician.page)).framesDecoded;
  await expect
    .poll(async () => (await readMeetingMedia(clinician.page)).framesDecoded, { timeout: 30_000 })
    .toBeGreaterThan(frames + 150);
  expect(await Promise.all(everyone.map((person) => connectionCount(person.page)))).toEqual(made);
  for (const person of everyone) {
    expect((await readMeetingMedia(person.page)).openConnections).toBe(2);
    await expect(person.page.getByText(NETWORK_BLAME)).toHaveCount(0);
  }
  await clinician.screenshot('meeting-mesh-host');
  await guests[0]?.screenshot('meeting-mesh-guest');

  // A fourth would exceed MESH_MAX: the host's admission is refused and says what can be done.
  const late = await newParticipant('mesh-meeting-late');
  await late.join(lateLink, 'Per Gjest');
  await clinician.page.getByRole('button', { name: 'Slipp inn Per Gjest' }).click();
  const refusal = clinician.page.getByRole('alert').filter({ hasText: 'Møtet er fullt' });
  await expect(refusal).toContainText('høyst 3 personer');
  await expect(refusal).toContainText('installere Janus');
  await expect(refusal).toContainText('JANUS_URL');
  await late.expectWaiting();
  await clinician.screenshot('meeting-mesh-full');
});

test('a reload of /m/<id> comes back into the meeting, and an unknown address shows the app’s not-found page in the person’s language', async ({
  clinician,
}) => {
  const title = 'Møte å laste på nytt';
  await createMeeting(clinician, { kind: 'internal', title });
  await openMeeting(clinician, title);
  const address = clinician.page.url();
  expect(new URL(address).pathname).toMatch(/^\/m\/[0-9a-f-]{36}$/);

  const response = await clinician.page.reload();
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toContain('text/html');
  await clinician.page.getByRole('button', { name: 'Gå inn i møtet', exact: true }).click();
  await expectInMeeting(clinician.page);

  const unknown = await clinician.page.goto('/finnes-ikke/her');
  expect(unknown?.status()).toBe(404);
  await expect(clinician.page.getByRole('heading', { level: 1, name: 'Siden finnes ikke' })).toBeVisible();
  await clinician.screenshot('not-found-nb');
  await clinician.page.evaluate(() => localStorage.setItem('samtale.language', 'en'));
  await clinician.page.goto('/m/not-a-meeting-id');
  await expect(clinician.page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await clinician.page.goto('/ingen/slik/side');
  await expect(clinician.page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  // The API keeps its coded JSON.
  const api = await clinician.page.request.get('/api/finnes-ikke', { headers: { accept: 'text/html' } });
  expect([api.status(), ((await api.json()) as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
});
