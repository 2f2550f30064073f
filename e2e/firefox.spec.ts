/**
 * One participant on Firefox (issue 11 item 2; ADR 0023): Debian's firefox-esr driven over
 * WebDriver BiDi with puppeteer-core, beside the clinician on Playwright's Chromium, through the
 * real UI. Firefox takes the RTCRtpScriptTransform path of our E2EE (the one Safari takes too),
 * Chromium createEncodedStreams; both must show the same verification code, decode each
 * other's media, and what the SFU forwards must be ciphertext only.
 *
 * One Firefox serves the file's tests (each gets its own user context); the refusal test needs
 * another pref, so it starts a Firefox of its own. Every Firefox is killed and its profile
 * removed in teardown, pass or fail.
 */
import type { Page } from '@playwright/test';
import { JanusSupervisor } from '../packages/server/src/media/sfu/janus/JanusSupervisor.ts';
import { captureForwardedMedia, expectOnlyCiphertext } from './fixtures/ciphertext-proof.ts';
import { FirefoxBrowser } from './fixtures/firefox.ts';
import { FirefoxParticipant } from './fixtures/FirefoxParticipant.ts';
import { createMeeting, newGuestLink, openMeeting, verificationCode, waitForMeetingMedia } from './fixtures/meeting.ts';
import { peersWithMedia, showsFakePattern, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { readSenderKeys, recordSenderKeys } from './fixtures/sender-keys.ts';
import { expect, test as base } from './fixtures/test.ts';

let firefox: FirefoxBrowser | null = null;

interface TestJanus {
  url: string;
  adminKey: string;
  apiSecret: string;
}

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

const test = base.extend<{
  /** A participant in a new user context of the file's Firefox, closed after the test. */
  newFirefoxParticipant: (who: string) => Promise<FirefoxParticipant>;
  /** A Janus of the test's own, so the test holds the admin key for the test-only RTP forward. */
  janus: TestJanus;
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
  janus: async ({}, use) => {
    const supervisor = new JanusSupervisor({ rtpPortRange: { min: 41_600, max: 41_800 }, log: quietLog });
    try {
      const url = await supervisor.start();
      await use({ url, adminKey: supervisor.adminKey, apiSecret: supervisor.apiSecret });
    } finally {
      await supervisor.close();
    }
  },
  newFirefoxParticipant: async ({ app }, use) => {
    const opened: FirefoxParticipant[] = [];
    await use(async (who) => {
      firefox ??= await FirefoxBrowser.launch();
      const participant = await FirefoxParticipant.open(firefox, app.server.url, who);
      opened.push(participant);
      return participant;
    });
    await Promise.all(opened.map((participant) => participant.close().catch(() => undefined)));
  },
});

test.afterAll(async () => {
  await firefox?.close();
  firefox = null;
});

/** Every peer connection of the Chromium page was made for encoded streams (Chromium's E2EE path). */
async function expectEncodedStreamsEverywhere(page: Page): Promise<void> {
  const flags = await page.evaluate(() =>
    window.__pcs.map(
      (pc) =>
        (pc.getConfiguration() as RTCConfiguration & { encodedInsertableStreams?: boolean })
          .encodedInsertableStreams === true,
    ),
  );
  expect(flags.length).toBeGreaterThan(0);
  expect(flags.every(Boolean), 'encodedInsertableStreams on every Chromium peer connection').toBe(true);
}

/** Every sender and receiver of Firefox's open connections runs our RTCRtpScriptTransform, both kinds both ways. */
async function expectScriptTransformsEverywhere(patient: FirefoxParticipant): Promise<void> {
  const uses = await patient.transforms();
  expect(uses.map((use) => `${use.direction} ${use.kind}`).sort()).toEqual(
    expect.arrayContaining(['receive audio', 'receive video', 'send audio', 'send video']),
  );
  for (const use of uses)
    expect(use, 'an encoded transform on every sender and receiver').toMatchObject({
      transform: 'RTCRtpScriptTransform',
    });
  expect(await patient.page.evaluate(() => 'createEncodedStreams' in RTCRtpSender.prototype)).toBe(false);
}

/** Decrypted right, not just decoded: Firefox shows Chromium's fake camera picture (fixtures/fake-media.ts). */
async function expectRemotePattern(person: FirefoxParticipant, message: string): Promise<void> {
  await expect
    .poll(async () => (await person.remoteVideoSamples()).filter(showsFakePattern).length, { message })
    .toBeGreaterThanOrEqual(1);
}

test('a patient on Firefox and a clinician on Chromium: media both ways, encrypted, the same code', async ({
  clinician,
  newFirefoxParticipant,
}) => {
  // Firefox starts (on the file's first use) while the clinician creates the consultation.
  const [link, patient] = await Promise.all([
    clinician.createConsultation('Firefox-konsultasjon'),
    test.step('Firefox user context', () => newFirefoxParticipant('patient-firefox')),
  ]);
  await test.step('patient joins on Firefox and is admitted', async () => {
    await patient.join(link, 'Kari Pasient');
    await clinician.admit('Kari Pasient');
    await patient.expectInCall();
  });

  await test.step('media both ways', async () => {
    // Chromium decodes Firefox's video and receives its audio; Firefox decodes Chromium's.
    await waitForMediaFromPeers(clinician.page, 1);
    await expect
      .poll(async () => peersWithMedia(await patient.peerMedia()), {
        message: 'Firefox: video and audio from the clinician',
      })
      .toBe(1);
    await expectRemotePattern(patient, "Firefox shows the clinician's camera pattern");
  });

  await test.step('E2EE on both paths, the same code', async () => {
    const codes = [await verificationCode(clinician.page), await patient.verificationCode()];
    expect(codes[1]).toBe(codes[0]);
    await expectScriptTransformsEverywhere(patient);
    await expectEncodedStreamsEverywhere(clinician.page);
  });
  await test.step('screenshot', () => patient.screenshot('firefox-patient-in-call'));
});

test.describe('through Janus', () => {
  test.use({
    serverEnv: async ({ janus }, use) => {
      await use({ JANUS_URL: janus.url, JANUS_ADMIN_KEY: janus.adminKey, JANUS_API_SECRET: janus.apiSecret });
    },
  });

  test('a guest on Firefox in a meeting through Janus: media both ways, the same code, Janus sees only ciphertext', async ({
    app,
    janus,
    newParticipant,
    newFirefoxParticipant,
  }) => {
    test.setTimeout(180_000);
    const host = await newParticipant('host');
    await recordSenderKeys(host.page);
    const openHostMeeting = async (): Promise<string> => {
      await host.login(app.clinician.email, app.clinician.password);
      // External: a clinical meeting needs a passkey or HelseID login (issue 8), and this host has a password.
      await createMeeting(host, { kind: 'external', title: 'Firefox-møte' });
      const link = await newGuestLink(host, 'Firefox-møte');
      await openMeeting(host, 'Firefox-møte');
      return link;
    };
    const [link, guest] = await Promise.all([
      openHostMeeting(),
      test.step('Firefox user context', () => newFirefoxParticipant('guest-firefox')),
    ]);
    await test.step('guest joins on Firefox and is admitted', async () => {
      await guest.join(link, 'Ola Gjest');
      await host.admit('Ola Gjest');
      await guest.expectInMeeting();
    });

    await test.step('media both ways through Janus', async () => {
      await waitForMeetingMedia(host.page, 1);
      await expect
        .poll(
          async () => {
            const media = await guest.meetingMedia();
            return Math.min(media.videoStreamsDecoding, media.audioStreamsReceiving);
          },
          { timeout: 45_000, message: 'Firefox: video and audio from the host through Janus' },
        )
        .toBeGreaterThanOrEqual(1);
      await expectRemotePattern(guest, "Firefox shows the host's camera pattern through Janus");
    });
    await test.step('E2EE on both paths, the same code', async () => {
      const codes = [await verificationCode(host.page), await guest.verificationCode()];
      expect(codes[1]).toBe(codes[0]);
      await expectScriptTransformsEverywhere(guest);
      await expectEncodedStreamsEverywhere(host.page);
    });

    await test.step('Janus forwards only ciphertext', async () => {
      const meetingId = /\/m\/([0-9a-f-]{36})/.exec(host.page.url())?.[1];
      expect(meetingId, 'the host is on /m/<id>').toBeDefined();
      const media = await captureForwardedMedia({
        janusUrl: janus.url,
        adminKey: janus.adminKey,
        apiSecret: janus.apiSecret,
        meetingId: meetingId ?? '',
      });
      expect(media.feeds).toBe(2);
      const senders = await expectOnlyCiphertext(media, {
        host: await readSenderKeys(host.page),
        guest: await guest.senderKeys(),
      });
      expect(senders).toEqual(['guest', 'host']);
    });
  });
});

test('Firefox with encoded transforms switched off is refused at the device check and never joins', async ({ app }) => {
  const { invitation } = await app.clinician.api.createConsultation('Eldre Firefox');
  // The state of older browsers: Firefox without RTCRtpScriptTransform (it never had encoded streams).
  const oldFirefox = await test.step('Firefox starts with scripttransform off', () =>
    FirefoxBrowser.launch({ 'media.peerconnection.scripttransform.enabled': false }));
  try {
    const patient = await FirefoxParticipant.open(oldFirefox, app.server.url, 'patient-old-firefox');
    await test.step('refused at the device check', async () => {
      await patient.openLink(invitation.url ?? '');
      // On the app's page (a secure context, where Firefox would expose it): no script transform.
      expect(await patient.page.evaluate(() => typeof window.RTCRtpScriptTransform)).toBe('undefined');
      await patient.passInfo();
      expect(await patient.expectRefusedAtDeviceCheck()).toContain('Chrome, Edge, Firefox eller Safari');
      expect((await patient.socketUrls()).filter((url) => url.endsWith('/ws'))).toEqual([]);
      expect(await patient.page.evaluate(() => window.__pcs.length)).toBe(0);
    });
    await test.step('screenshot', () => patient.screenshot('firefox-e2ee-unsupported'));
  } finally {
    await oldFirefox.close();
  }
});
