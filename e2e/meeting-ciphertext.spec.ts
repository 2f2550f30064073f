/**
 * Proof that the SFU sees only ciphertext (issue 3): the test runs Janus itself (so it holds the
 * VideoRoom admin key), gives it to the server as JANUS_URL / JANUS_ADMIN_KEY, and has Janus
 * forward what it receives from a meeting's publishers to UDP sockets of the test (the
 * test-only RTP forward; users can never reach it). The captured VP8 and Opus frames must be
 * SFrame streams that decrypt with the sender's real key (read in the test's own browser context
 * where the app hands it to its worker: fixtures/sender-keys.ts) and with no other key.
 */
import { expect, test, type Page } from '@playwright/test';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { roomSecret } from '../packages/server/src/media/sfu/janus/JanusRoom.ts';
import { JanusSupervisor } from '../packages/server/src/media/sfu/janus/JanusSupervisor.ts';
import { newParticipantPage } from './fixtures/browser.ts';
import { captureForwardedMedia, expectOnlyCiphertext } from './fixtures/ciphertext-proof.ts';
import { CLINICIAN, startApp } from './fixtures/app.ts';
import {
  createMeeting,
  expectInMeeting,
  newGuestLink,
  openMeeting,
  readMeetingMedia,
  waitForMeetingMedia,
} from './fixtures/meeting.ts';
import { Participant } from './fixtures/Participant.ts';
import { opusFrames, RtpCapture, vp8Frames } from './fixtures/rtp-capture.ts';
import { readSenderKeys, recordSenderKeys } from './fixtures/sender-keys.ts';
import { judgeStream } from './fixtures/sframe-detector.ts';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('what Janus forwards from a meeting is SFrame ciphertext that decrypts with the sender key and no other', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const janus = new JanusSupervisor({ rtpPortRange: { min: 41_000, max: 41_200 }, log: quietLog });
  const janusUrl = await janus.start();
  const app = await startApp({
    env: { JANUS_URL: janusUrl, JANUS_ADMIN_KEY: janus.adminKey, JANUS_API_SECRET: janus.apiSecret },
  });
  try {
    const hostPage = await newParticipantPage(browser, { baseURL: app.server.url });
    await recordSenderKeys(hostPage);
    const host = new Participant(hostPage, 'host');
    await host.login(CLINICIAN.email, CLINICIAN.password);
    // External: a clinical meeting needs a passkey or HelseID login (issue 8), and this host has a password.
    await createMeeting(host, { kind: 'external', title: 'Kryptert møte' });
    const link = await newGuestLink(host, 'Kryptert møte');
    await openMeeting(host, 'Kryptert møte');
    const guestPage = await newParticipantPage(browser, { baseURL: app.server.url });
    await recordSenderKeys(guestPage);
    const guest = new Participant(guestPage, 'guest');
    await guest.join(link, 'Ola Gjest');
    await host.admit('Ola Gjest');
    await expectInMeeting(guest.page);
    await waitForMeetingMedia(host.page, 1);
    await waitForMeetingMedia(guest.page, 1);

    const meetingId = /\/m\/([0-9a-f-]{36})/.exec(host.page.url())?.[1];
    expect(meetingId, 'the host is on /m/<id>').toBeDefined();
    const media = await captureForwardedMedia({
      janusUrl,
      adminKey: janus.adminKey,
      apiSecret: janus.apiSecret,
      meetingId: meetingId ?? '',
    });
    expect(media.feeds).toBe(2);
    // The real sender keys (test-only recorder): each stream decrypts with its sender's key for
    // its KID, and not with a random key, a one-bit-off key, or the other participant's key.
    const senders = await expectOnlyCiphertext(media, {
      host: await readSenderKeys(host.page),
      guest: await readSenderKeys(guest.page),
    });
    // Both publishers' media was checked.
    expect(senders).toEqual(['guest', 'host']);
  } finally {
    await app.server.dispose();
    await janus.close();
  }
});

/**
 * A plain WebRTC publisher (no SFrame) in a page of its own: its offer, complete with candidates,
 * and a way to apply Janus's answer. It sends the fake camera and microphone as they are.
 */
async function plaintextOffer(page: Page): Promise<string> {
  await page.goto('/');
  return page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
      const codecs = RTCRtpSender.getCapabilities(track.kind)?.codecs ?? [];
      const wanted = track.kind === 'video' ? 'video/vp8' : 'audio/opus';
      transceiver.setCodecPreferences(codecs.filter((c) => c.mimeType.toLowerCase() === wanted));
    }
    Object.assign(window, { __probe: pc });
    await pc.setLocalDescription();
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    return pc.localDescription?.sdp ?? '';
  });
}

test('the same detector flags a publisher that sends plaintext through the same Janus room', async ({ browser }) => {
  test.setTimeout(180_000);
  const janus = new JanusSupervisor({ rtpPortRange: { min: 41_300, max: 41_500 }, log: quietLog });
  const janusUrl = await janus.start();
  const app = await startApp({
    env: { JANUS_URL: janusUrl, JANUS_ADMIN_KEY: janus.adminKey, JANUS_API_SECRET: janus.apiSecret },
  });
  const audio = await RtpCapture.open();
  const video = await RtpCapture.open();
  const connection = await Janode.connect({ address: { url: janusUrl, apisecret: janus.apiSecret }, max_retries: 1 });
  try {
    const host = new Participant(await newParticipantPage(browser, { baseURL: app.server.url }), 'host');
    await host.login(CLINICIAN.email, CLINICIAN.password);
    await createMeeting(host, { kind: 'internal', title: 'Kontrollmøte' });
    await openMeeting(host, 'Kontrollmøte');
    const meetingId = /\/m\/([0-9a-f-]{36})/.exec(host.page.url())?.[1];
    await expect.poll(async () => (await readMeetingMedia(host.page)).openConnections).toBeGreaterThan(0);

    // The probe joins the meeting's room directly (the test holds Janus's admin key) and, like a
    // lying client, declares e2ee while sending plain VP8 and Opus: Janus cannot tell the difference.
    const session = await connection.create();
    const handle = await session.attach(VideoRoomPlugin);
    await expect
      .poll(async () =>
        (await handle.list({ admin_key: janus.adminKey })).list.some((r) => r.description === meetingId),
      )
      .toBe(true);
    const room = (await handle.list({ admin_key: janus.adminKey })).list.find((r) => r.description === meetingId);
    if (room === undefined) throw new TypeError('the meeting has no Janus room');
    const probe = await newParticipantPage(browser, { baseURL: app.server.url });
    const offer = await plaintextOffer(probe);
    const joined = await handle.joinConfigurePublisher({
      room: room.room,
      display: 'plaintext-probe',
      e2ee: true,
      jsep: { type: 'offer', sdp: offer },
    });
    const answer = joined.jsep?.sdp ?? '';
    await probe.evaluate(async (sdp) => {
      const pc = (window as unknown as { __probe: RTCPeerConnection }).__probe;
      await pc.setRemoteDescription({ type: 'answer', sdp });
    }, answer);
    await handle.startForward({
      room: room.room,
      feed: joined.feed,
      host: '127.0.0.1',
      audio_port: audio.port,
      video_port: video.port,
      admin_key: janus.adminKey,
      secret: roomSecret(janus.adminKey, room.room),
    });
    await expect
      .poll(() => [...vp8Frames(video.packets).values()].reduce((sum, frames) => sum + frames.length, 0), {
        timeout: 30_000,
        message: 'VP8 frames of the plaintext probe forwarded by Janus',
      })
      .toBeGreaterThan(60);
    await expect.poll(() => audio.packets.length, { timeout: 10_000 }).toBeGreaterThan(100);

    for (const frames of vp8Frames(video.packets).values()) {
      expect(judgeStream('vp8', frames)).toMatchObject({ isSFrame: false });
    }
    for (const frames of opusFrames(audio.packets).values()) {
      expect(judgeStream('opus', frames)).toMatchObject({ isSFrame: false });
    }
  } finally {
    await connection.close().catch(() => undefined);
    audio.close();
    video.close();
    await app.server.dispose();
    await janus.close();
  }
});
