/**
 * Proof that the SFU sees only ciphertext (issue 3): the test runs Janus itself (so it holds the
 * VideoRoom admin key), gives it to the server as JANUS_URL / JANUS_ADMIN_KEY, and has Janus
 * forward what it receives from a meeting's publishers to UDP sockets of the test (the
 * test-only RTP forward; users can never reach it). The captured VP8 and Opus frames must be
 * SFrame streams that do not decrypt without the sender's key.
 */
import { expect, test } from '@playwright/test';
import { JanusSupervisor } from '../packages/server/src/media/janus/JanusSupervisor.ts';
import { startTestRtpForward } from '../packages/server/src/media/janus/test-rtp-forward.ts';
import { newParticipantPage } from './fixtures/browser.ts';
import { CLINICIAN, startApp } from './fixtures/app.ts';
import { createMeeting, expectInMeeting, newGuestLink, openMeeting, waitForMeetingMedia } from './fixtures/meeting.ts';
import { Participant } from './fixtures/Participant.ts';
import { opusFrames, RtpCapture, vp8Frames } from './fixtures/rtp-capture.ts';
import { decryptsWith, judgeStream } from './fixtures/sframe-detector.ts';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('what Janus forwards from a meeting is SFrame ciphertext that no other key decrypts', async ({ browser }) => {
  test.setTimeout(180_000);
  const janus = new JanusSupervisor({ rtpPortRange: { min: 41_000, max: 41_200 }, log: quietLog });
  const janusUrl = await janus.start();
  const app = await startApp({ env: { JANUS_URL: janusUrl, JANUS_ADMIN_KEY: janus.adminKey } });
  const audio = await RtpCapture.open();
  const video = await RtpCapture.open();
  const videoMedium = await RtpCapture.open();
  const videoHigh = await RtpCapture.open();
  const videoCaptures = [video, videoMedium, videoHigh];
  const allVideoFrames = () => videoCaptures.flatMap((capture) => [...vp8Frames(capture.packets).values()]);
  try {
    const host = new Participant(await newParticipantPage(browser, { baseURL: app.server.url }), 'host');
    await host.login(CLINICIAN.email, CLINICIAN.password);
    await createMeeting(host, { kind: 'clinical', title: 'Kryptert møte' });
    const link = await newGuestLink(host, 'Kryptert møte');
    await openMeeting(host, 'Kryptert møte');
    const guest = new Participant(await newParticipantPage(browser, { baseURL: app.server.url }), 'guest');
    await guest.join(link, 'Ola Gjest');
    await host.admit('Ola Gjest');
    await expectInMeeting(guest.page);
    await waitForMeetingMedia(host.page, 1);
    await waitForMeetingMedia(guest.page, 1);

    const meetingId = /\/m\/([0-9a-f-]{36})/.exec(host.page.url())?.[1];
    expect(meetingId, 'the host is on /m/<id>').toBeDefined();
    const forward = await startTestRtpForward({
      janusUrl,
      adminKey: janus.adminKey,
      meetingId: meetingId ?? '',
      host: '127.0.0.1',
      audioPort: audio.port,
      videoPort: video.port,
      simulcastVideoPorts: [videoMedium.port, videoHigh.port],
    });
    expect(forward.feeds).toHaveLength(2);
    await expect
      .poll(() => allVideoFrames().reduce((sum, frames) => sum + frames.length, 0), {
        timeout: 30_000,
        message: 'VP8 frames forwarded by Janus',
      })
      .toBeGreaterThan(60);
    await expect.poll(() => audio.packets.length, { timeout: 10_000 }).toBeGreaterThan(100);
    await forward.close();

    const videoStreams = allVideoFrames().filter((frames) => frames.length > 20);
    const audioStreams = [...opusFrames(audio.packets).values()].filter((frames) => frames.length > 20);
    expect(videoStreams.length).toBeGreaterThanOrEqual(1);
    expect(audioStreams.length).toBeGreaterThanOrEqual(1);
    for (const frames of videoStreams) expect(judgeStream('vp8', frames)).toMatchObject({ isSFrame: true });
    for (const frames of audioStreams) expect(judgeStream('opus', frames)).toMatchObject({ isSFrame: true });
    const sample = videoStreams[0]?.[5];
    expect(sample).toBeDefined();
    expect(await decryptsWith('vp8', sample ?? new Uint8Array(), crypto.getRandomValues(new Uint8Array(16)))).toBe(
      false,
    );
  } finally {
    audio.close();
    for (const capture of videoCaptures) capture.close();
    await app.server.dispose();
    await janus.close();
  }
});
