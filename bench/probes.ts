/**
 * In-page timing probes for the admit benchmark, installed as an init script so the app needs no
 * hooks: the time of the last click (the admit button), and of the first video frame presented
 * from a received track. Both are wall-clock milliseconds (timeOrigin + high-resolution time),
 * comparable across pages of the same browser.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __bench: { lastClickAt: number | null; firstRemoteFrameAt: number | null };
  }
}

function installProbes(): void {
  window.__bench = { lastClickAt: null, firstRemoteFrameAt: null };
  document.addEventListener('click', (event) => (window.__bench.lastClickAt = performance.timeOrigin + event.timeStamp), true);

  const isRemote = (video: HTMLVideoElement): boolean => {
    const stream = video.srcObject;
    if (!(stream instanceof MediaStream)) return false;
    const pcs = window.__pcs;
    return stream.getVideoTracks().some((track) => pcs.some((pc) => pc.getReceivers().some((r) => r.track === track)));
  };
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement): void => {
    if (watched.has(video)) return;
    watched.add(video);
    const onFrame = (): void => {
      if (window.__bench.firstRemoteFrameAt !== null) return;
      if (isRemote(video)) window.__bench.firstRemoteFrameAt = performance.timeOrigin + performance.now();
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(watch)).observe(document, {
    childList: true,
    subtree: true,
  });
}

export async function addProbes(page: Page): Promise<void> {
  await page.context().addInitScript(installProbes);
}

export function readProbes(page: Page): Promise<Window['__bench']> {
  return page.evaluate(() => window.__bench);
}

/** Waits until the page has presented a frame of remote video; returns its wall-clock time. */
export async function waitForFirstRemoteFrame(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => window.__bench.firstRemoteFrameAt, null, { timeout: 30_000 });
  return Number(await handle.jsonValue());
}
