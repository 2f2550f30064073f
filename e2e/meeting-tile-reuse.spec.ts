/**
 * Janus reuses a subscriber m-line for another participant's feed (docs/E2EE-SCHEME.md, "Frames
 * find their key by KID"): when someone leaves and someone else is shown, the new feed arrives on
 * the old m-line, through the receiver — and the encoded transform — made for the one who left.
 * Its frames must still decrypt and decode, in the new person's tile.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { createMeeting, expectInMeeting, newGuestLink, openMeeting, waitForMeetingMedia } from './fixtures/meeting.ts';

interface VideoLine {
  mid: string;
  ssrc: number;
  framesDecoded: number;
}

/** The subscriber's live video m-lines (recvonly) and what each decoded, by mid and SSRC. */
function receivedVideo(page: Page): Promise<VideoLine[]> {
  return page.evaluate(async () => {
    const lines: VideoLine[] = [];
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      const live = new Set(
        pc
          .getTransceivers()
          .filter((t) => t.receiver.track.kind === 'video' && t.currentDirection === 'recvonly')
          .map((t) => t.mid),
      );
      (await pc.getStats()).forEach(
        (report: { type: string; kind?: string; mid?: string; ssrc?: number; framesDecoded?: number }) => {
          if (report.type !== 'inbound-rtp' || report.kind !== 'video' || report.mid === undefined) return;
          if (!live.has(report.mid)) return;
          lines.push({ mid: report.mid, ssrc: report.ssrc ?? 0, framesDecoded: report.framesDecoded ?? 0 });
        },
      );
    }
    return lines;
  });
}

/** Frames the <video> of `name`'s tile has shown so far (0 while it is black). */
function tileFrames(page: Page, name: string): Promise<number> {
  return page
    .getByRole('region', { name: 'Video', exact: true })
    .getByLabel(name, { exact: true })
    .evaluate((video: HTMLVideoElement) =>
      video.videoWidth > 0 ? video.getVideoPlaybackQuality().totalVideoFrames : 0,
    );
}

test("a tile whose m-line Janus reuses for the next participant decodes that participant's video", async ({
  clinician,
  newParticipant,
}) => {
  test.setTimeout(180_000);
  const title = 'Gjenbruksmøte';
  await createMeeting(clinician, { kind: 'internal', title });
  const firstLink = await newGuestLink(clinician, title);
  const secondLink = await newGuestLink(clinician, title);
  await openMeeting(clinician, title);

  const ola = await newParticipant('ola');
  await ola.join(firstLink, 'Ola Gjest');
  await clinician.admit('Ola Gjest');
  await expectInMeeting(ola.page);
  await waitForMeetingMedia(clinician.page, 1);
  const before = await receivedVideo(clinician.page);
  expect(before.filter((line) => line.framesDecoded > 0)).toHaveLength(1);
  const olaLine = before[0];
  if (olaLine === undefined) throw new TypeError('no video m-line for Ola');

  await clinician.remove('Ola Gjest');
  await ola.expectRemoved();
  const kari = await newParticipant('kari');
  await kari.join(secondLink, 'Kari Gjest');
  await clinician.admit('Kari Gjest');
  await expectInMeeting(kari.page);

  // Kari's video comes on the m-line that carried Ola's (a new SSRC), and decodes there.
  await expect
    .poll(
      async () => {
        const lines = await receivedVideo(clinician.page);
        return lines.some((line) => line.ssrc !== olaLine.ssrc && line.framesDecoded > 10);
      },
      { timeout: 45_000, intervals: [250, 500, 1000], message: "Kari's video decodes at the host" },
    )
    .toBe(true);
  const after = await receivedVideo(clinician.page);
  const kariLine = after.find((line) => line.ssrc !== olaLine.ssrc && line.framesDecoded > 10);
  expect(kariLine?.mid, 'Janus reused the m-line that carried Ola').toBe(olaLine.mid);
  // And her tile shows it: frames keep coming in the <video> named after her.
  const shown = await tileFrames(clinician.page, 'Kari Gjest');
  await expect.poll(() => tileFrames(clinician.page, 'Kari Gjest'), { timeout: 20_000 }).toBeGreaterThan(shown);
  await clinician.screenshot('meeting-tile-reused');
});
