/**
 * Time from the host's click on "admit" (a guest waiting to enter a meeting) to the first remote
 * video frame presented on each side, through the real server, the Janus it starts itself, and
 * the web app in Chromium. The admit click is the starting point, not a member's "join" click,
 * so the figure reads beside the 1:1 admit benchmark: the same click, the same probes, only the
 * media path differs (publisher + subscriber connections to Janus instead of one peer link).
 * Before the click the host has published to Janus and the guest sits in the waiting room, as
 * in real use.
 */
import type { Browser, Page } from '@playwright/test';
import { logInContext } from '../e2e/fixtures/api.ts';
import { startApp } from '../e2e/fixtures/app.ts';
import { newParticipantPage } from '../e2e/fixtures/browser.ts';
import { createMeeting, openMeeting } from '../e2e/fixtures/meeting.ts';
import { Participant } from '../e2e/fixtures/Participant.ts';
import { addProbes, readProbes, waitForFirstRemoteFrame } from './probes.ts';

export interface MeetingJoinRun {
  /** Admit click to the first frame of the guest on the host's screen. */
  hostSeesGuestMs: number;
  /** Admit click to the first frame of the host on the guest's screen. */
  guestSeesHostMs: number;
}

async function participant(browser: Browser, baseURL: string, who: string): Promise<Participant> {
  const page = await newParticipantPage(browser, { baseURL });
  await addProbes(page);
  return new Participant(page, who);
}

/** The host's publisher connection to Janus is up (so the guest has something to subscribe to). */
async function waitUntilPublishing(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__pcs.some((pc) => pc.connectionState === 'connected'), null, {
    timeout: 30_000,
  });
}

export async function measureMeetingJoinToFrame(browser: Browser, runs: number): Promise<MeetingJoinRun[]> {
  const app = await startApp({ env: { LOG_LEVEL: 'warn' } });
  const result: MeetingJoinRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const title = `Benchmøte ${i + 1}`;
      const host = await participant(browser, app.server.url, 'bench-host');
      await logInContext(host.page.context(), app.server.url, app.clinician);
      await host.page.goto('/');
      const link = await createMeeting(host, { kind: 'internal', title });
      await openMeeting(host, title);
      await waitUntilPublishing(host.page);

      const guest = await participant(browser, app.server.url, 'bench-guest');
      await guest.join(link, 'Bench Gjest');
      await host.admit('Bench Gjest');
      const [hostFrameAt, guestFrameAt] = await Promise.all([
        waitForFirstRemoteFrame(host.page),
        waitForFirstRemoteFrame(guest.page),
      ]);
      const { lastClickAt } = await readProbes(host.page);
      if (lastClickAt === null) throw new Error('the admit click was not recorded');
      result.push({ hostSeesGuestMs: hostFrameAt - lastClickAt, guestSeesHostMs: guestFrameAt - lastClickAt });
      await Promise.all([host.page.context().close(), guest.page.context().close()]);
    }
  } finally {
    await app.server.dispose();
  }
  return result;
}
