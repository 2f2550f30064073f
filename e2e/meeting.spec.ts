/**
 * Meetings through the SFU (issue 3): the server starts its own Janus (the `janus` binary is
 * installed and no JANUS_URL is set). Every check reads what the browsers themselves decode.
 */
import { expect, test } from './fixtures/test.ts';
import { delaySignaling, type DelayedSignaling } from './fixtures/delay-proxy.ts';
import type { Participant } from './fixtures/Participant.ts';
import {
  createMeeting,
  expectFramesGrowing,
  expectInMeeting,
  connectionCount,
  localJanusPid,
  newGuestLink,
  openMeeting,
  readMeetingMedia,
  verificationCode,
  waitForMeetingMedia,
} from './fixtures/meeting.ts';

/**
 * The host opens a new meeting and lets `names` in through a guest link each; `beforeCall` runs
 * on each page before it opens the meeting's socket.
 */
async function meetingWith(
  clinician: Participant,
  newParticipant: (who: string) => Promise<Participant>,
  title: string,
  names: readonly string[],
  beforeCall: (person: Participant) => Promise<void> = async () => undefined,
): Promise<Participant[]> {
  await createMeeting(clinician, { kind: 'internal', title });
  const links: string[] = [];
  for (let i = 0; i < names.length; i += 1) links.push(await newGuestLink(clinician, title));
  await beforeCall(clinician);
  await openMeeting(clinician, title);
  const guests: Participant[] = [];
  for (const [i, name] of names.entries()) {
    const guest = await newParticipant(name);
    const link = links[i];
    if (link === undefined) throw new TypeError('missing link');
    await beforeCall(guest);
    await guest.join(link, name);
    await clinician.admit(name);
    await expectInMeeting(guest.page);
    guests.push(guest);
  }
  return guests;
}

test('four people meet through Janus and each decodes video and hears audio from the three others', async ({
  clinician,
  newParticipant,
}) => {
  test.setTimeout(240_000);
  const guests = await meetingWith(clinician, newParticipant, 'Fagmøte', ['Ola Gjest', 'Kari Gjest', 'Per Gjest']);
  const everyone = [clinician, ...guests];
  for (const person of everyone) await waitForMeetingMedia(person.page, 3);
  // One code from the four identity keys, the same on every screen.
  const codes = await Promise.all(everyone.map((person) => verificationCode(person.page)));
  expect(new Set(codes).size).toBe(1);
  for (const name of ['Ola Gjest', 'Kari Gjest', 'Per Gjest']) {
    await expect(clinician.page.getByRole('listitem', { name: new RegExp(`^${name}, `) })).toBeVisible();
  }
  await clinician.page.getByRole('button', { name: 'Den som snakker' }).click();
  await expect(clinician.page.getByRole('button', { name: 'Den som snakker' })).toHaveAttribute('aria-pressed', 'true');
  await waitForMeetingMedia(clinician.page, 1);
  await clinician.screenshot('meeting-host-speaker');
  await clinician.page.getByRole('button', { name: 'Rutenett' }).click();
  await clinician.screenshot('meeting-host-grid');
  await guests[0]?.screenshot('meeting-guest');
});

test('a removed participant leaves the meeting with no media connection while the others go on', async ({
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const [stays, removed] = await meetingWith(clinician, newParticipant, 'Teammøte', ['Ola Gjest', 'Kari Gjest']);
  if (stays === undefined || removed === undefined) throw new TypeError('two guests expected');
  await waitForMeetingMedia(removed.page, 2);
  await waitForMeetingMedia(stays.page, 2);

  await clinician.remove('Kari Gjest');
  await removed.expectRemoved();
  expect((await readMeetingMedia(removed.page)).openConnections).toBe(0);
  await expect(stays.page.getByRole('listitem', { name: /^Kari Gjest, / })).toHaveCount(0);
  await expectFramesGrowing(stays.page);
  await waitForMeetingMedia(stays.page, 1);
});

test('when Janus dies mid-meeting, everyone gets media again by themselves, without reloading', async ({
  app,
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const guests = await meetingWith(clinician, newParticipant, 'Vaktmøte', ['Ola Gjest', 'Kari Gjest']);
  const everyone = [clinician, ...guests];
  for (const person of everyone) await waitForMeetingMedia(person.page, 2);
  // A mark in each page: a reload would wipe it.
  for (const person of everyone) await person.page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  const before = await Promise.all(everyone.map((person) => connectionCount(person.page)));
  const janus = localJanusPid(app.server);
  expect(janus, 'the server runs its own Janus').not.toBeNull();
  process.kill(janus ?? 0, 'SIGKILL');
  await expect.poll(() => localJanusPid(app.server), { timeout: 15_000 }).not.toBe(janus);
  const restartedAt = Date.now();

  for (const [i, person] of everyone.entries()) {
    await expect
      .poll(
        async () => {
          // Only connections made after the kill count: the old ones carried media from the dead Janus.
          const media = await readMeetingMedia(person.page, before[i] ?? 0);
          return Math.min(media.videoStreamsDecoding, media.audioStreamsReceiving);
        },
        { timeout: 20_000, message: `${person.who} receives the two others again` },
      )
      .toBeGreaterThanOrEqual(2);
    await expectFramesGrowing(person.page);
    expect(await person.page.evaluate(() => '__sameDocument' in window)).toBe(true);
  }
  // Issue 3: everyone republishes and resubscribes by themselves within 10 s (plus the checks' polling).
  expect(Date.now() - restartedAt).toBeLessThan(25_000);
});

test('when Janus dies mid-meeting with signaling 150 ms slow each way, everyone republishes once and gets media again within 10 s', async ({
  app,
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const proxies = new Map<Participant, DelayedSignaling>();
  const delay = async (person: Participant): Promise<void> => {
    proxies.set(person, await delaySignaling(person.page, 150));
  };
  const guests = await meetingWith(clinician, newParticipant, 'Mobilmøte', ['Ola Gjest', 'Kari Gjest'], delay);
  const everyone = [clinician, ...guests];
  for (const person of everyone) await waitForMeetingMedia(person.page, 2);

  const before = await Promise.all(everyone.map((person) => connectionCount(person.page)));
  const janus = localJanusPid(app.server);
  expect(janus, 'the server runs its own Janus').not.toBeNull();
  for (const proxy of proxies.values()) proxy.mark();
  const killedAt = Date.now();
  process.kill(janus ?? 0, 'SIGKILL');

  const recoveredAfter: number[] = [];
  for (const [i, person] of everyone.entries()) {
    await expect
      .poll(
        async () => {
          const media = await readMeetingMedia(person.page, before[i] ?? 0);
          return Math.min(media.videoStreamsDecoding, media.audioStreamsReceiving);
        },
        { timeout: 20_000, intervals: [100], message: `${person.who} receives the two others again` },
      )
      .toBeGreaterThanOrEqual(2);
    recoveredAfter.push(Date.now() - killedAt);
  }
  console.log(`media back after the kill (ms, 150 ms signaling delay each way): ${recoveredAfter.join(', ')}`);
  for (const person of everyone) {
    await expectFramesGrowing(person.page);
    // One restart (sfu-unavailable, then sfu-restarted) is one publish, not one per reset.
    expect(proxies.get(person)?.sentSinceMark('sfuPublish'), `${person.who} publishes once`).toBe(1);
    await expect(person.page.getByText(/Nettverket du er på/)).toHaveCount(0);
  }
  expect(Math.max(...recoveredAfter)).toBeLessThan(10_000);
});
