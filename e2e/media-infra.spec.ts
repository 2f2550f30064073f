/**
 * Self-test of the end-to-end tooling, independent of Samtale: if Chromium's fake devices or the
 * media helpers break, this fails first and says so, instead of every product spec failing
 * with a misleading "no media".
 */
import { openLoopbackPage, runLoopbackCall } from './fixtures/loopback.ts';
import { expectRemotePicture, readPeerMedia, waitForMediaFromPeers } from './fixtures/media-stats.ts';
import { expect, test } from './fixtures/test.ts';

test('a bare two-peer call in one page shows the fake camera pattern and carries the fake tone', async ({
  openPage,
}) => {
  const page = await openPage();
  await openLoopbackPage(page);
  const firstFrameMs = await runLoopbackCall(page);
  expect(firstFrameMs).toBeGreaterThan(0);

  const [callee] = (await waitForMediaFromPeers(page, 1)).filter((m) => m.videoFramesDecoded > 0);
  expect(callee?.audioPacketsReceived).toBeGreaterThan(0);
  await expectRemotePicture(page, 1);
  await expect.poll(async () => (await readPeerMedia(page)).some((m) => m.audioEnergy > 0)).toBe(true);
});
