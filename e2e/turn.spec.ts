/**
 * A consultation on a network that allows nothing but TURN: both browsers are relay-only
 * (`iceTransportPolicy: 'relay'`), so media flows only if the credentials our server mints are
 * ones coturn accepts. With a credential coturn refuses, the call view explains the problem
 * after the bounded wait instead of connecting forever. The same holds for a meeting through
 * Janus (issue 3): each browser's publisher and subscriber connection reach Janus through TURN.
 */
import { waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, selectedCandidatePairs, test } from './fixtures/coturn.ts';
import {
  createMeeting,
  expectFramesGrowing,
  expectInMeeting,
  newGuestLink,
  openMeeting,
  waitForMeetingMedia,
} from './fixtures/meeting.ts';
import { CLINICIAN } from './fixtures/test.ts';

test('a peer-to-peer consultation connects through TURN alone, relay to relay, with video decoded both ways', async ({
  clinician,
  newParticipant,
}) => {
  const link = await clinician.createConsultation('Bare TURN');
  const patient = await newParticipant('turn-patient');
  await patient.join(link, 'Ola Pasient');
  await clinician.admit('Ola Pasient');
  await patient.expectInCall();
  await patient.expectParticipant(CLINICIAN.displayName, 'host');

  for (const side of [clinician, patient]) {
    await waitForMediaFromPeers(side.page, 1);
    // Either TURN transport coturn offers (UDP or TCP) is relay only.
    expect(await selectedCandidatePairs(side.page)).toEqual([
      { localType: 'relay', remoteType: 'relay', relayProtocol: expect.stringMatching(/^(udp|tcp)$/) },
    ]);
    await expect(side.page.getByRole('alert')).toHaveCount(0);
  }
});

test('a meeting through Janus connects through TURN alone, and both people decode each other', async ({
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  await createMeeting(clinician, { kind: 'internal', title: 'Bare TURN-møte' });
  const link = await newGuestLink(clinician, 'Bare TURN-møte');
  await openMeeting(clinician, 'Bare TURN-møte');
  const guest = await newParticipant('turn-meeting-guest');
  await guest.join(link, 'Ola Gjest');
  await clinician.admit('Ola Gjest');
  await expectInMeeting(guest.page);

  for (const side of [clinician, guest]) {
    // Video and audio from the other person, through Janus: media flows both ways.
    await waitForMeetingMedia(side.page, 1);
    await expectFramesGrowing(side.page);
    // A publisher and a subscriber connection, each from our TURN relay to Janus's own address.
    // coturn offers UDP and TCP TURN URLs; ICE may settle on either, both are relay only.
    const relayed = { localType: 'relay', remoteType: 'host', relayProtocol: expect.stringMatching(/^(udp|tcp)$/) };
    expect(await selectedCandidatePairs(side.page)).toEqual([relayed, relayed]);
    await expect(side.page.getByRole('alert')).toHaveCount(0);
  }
});

test.describe('on a network that blocks UDP', () => {
  test.use({ isTurnTcpOnly: true });

  test('the consultation connects through TURN over TCP', async ({ clinician, newParticipant }) => {
    const link = await clinician.createConsultation('TURN over TCP');
    const patient = await newParticipant('turn-tcp-patient');
    await patient.join(link, 'Ola Pasient');
    await clinician.admit('Ola Pasient');
    await patient.expectInCall();
    for (const side of [clinician, patient]) {
      await waitForMediaFromPeers(side.page, 1);
      expect(await selectedCandidatePairs(side.page)).toEqual([
        { localType: 'relay', remoteType: 'relay', relayProtocol: 'tcp' },
      ]);
    }
  });
});

test.describe('when coturn refuses the credentials', () => {
  test.use({ serverTurnSecret: 'not-the-secret-this-coturn-was-started-with' });

  test('the call view says the network may be blocking the call and what to try, instead of connecting forever', async ({
    clinician,
    newParticipant,
  }) => {
    const link = await clinician.createConsultation('TURN avvist');
    const patient = await newParticipant('turn-refused-patient');
    await patient.join(link, 'Ola Pasient');
    await clinician.admit('Ola Pasient');
    await patient.expectInCall();

    for (const side of [patient, clinician]) {
      // MEDIA_CONNECT_TIMEOUT_MS is 15 s; the default expect timeout would be too short.
      const notice = side.page.getByRole('alert').filter({ hasText: 'Video og lyd kommer ikke fram' });
      await expect(notice).toBeVisible({ timeout: 30_000 });
      await expect(notice).toContainText('mobildata');
      expect((await selectedCandidatePairs(side.page)).map((p) => p.localType)).toEqual([null]);
    }
    await patient.screenshot('turn-refused-notice');
  });
});
