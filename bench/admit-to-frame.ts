/**
 * Time from the clinician's click on "admit" to the first decoded remote video frame, through the
 * real server and web app in Chromium, beside the floor: a bare two-peer connection in one page.
 * Also records which JavaScript the patient's page loaded before joining.
 */
import type { Browser } from '@playwright/test';
import { logInContext } from '../e2e/fixtures/api.ts';
import { startApp } from '../e2e/fixtures/app.ts';
import { newParticipantPage } from '../e2e/fixtures/browser.ts';
import { openLoopbackPage, runLoopbackCall } from '../e2e/fixtures/loopback.ts';
import { Participant } from '../e2e/fixtures/Participant.ts';
import { addProbes, readProbes, waitForFirstRemoteFrame } from './probes.ts';

export interface AdmitRun {
  /** Admit click to the first frame of the patient on the clinician's screen. */
  hostSeesPatientMs: number;
  /** Admit click to the first frame of the clinician on the patient's screen. */
  patientSeesHostMs: number;
}

export interface AdmitResult {
  runs: AdmitRun[];
  /**
   * The floor, one run before each admit run (so both see the same machine load): a bare
   * two-peer call in one page, both sending, until each has presented a frame of the other.
   */
  floor: number[];
  /** URL paths of the JS the patient's page fetched before pressing "join". */
  patientJsBeforeJoin: string[];
}

async function participant(browser: Browser, baseURL: string, who: string): Promise<Participant> {
  const page = await newParticipantPage(browser, { baseURL });
  await addProbes(page);
  return new Participant(page, who);
}

export async function measureAdmitToFrame(browser: Browser, runs: number): Promise<AdmitResult> {
  const app = await startApp({ env: { LOG_LEVEL: 'warn' } });
  const result: AdmitResult = { runs: [], floor: [], patientJsBeforeJoin: [] };
  try {
    for (let i = 0; i < runs; i++) {
      result.floor.push(await loopbackFloorRun(browser));
      const label = `Bench ${i + 1}`;
      const { invitation } = await app.clinician.api.createConsultation(label);
      if (!invitation.url) throw new TypeError('a new consultation comes with its patient link');

      const clinician = await participant(browser, app.server.url, 'bench-clinician');
      await logInContext(clinician.page.context(), app.server.url, app.clinician);
      await clinician.page.goto('/');
      await clinician.openCall(label);

      const patient = await participant(browser, app.server.url, 'bench-patient');
      const scripts: string[] = [];
      const onResponse = (response: { url(): string }): void => {
        const url = new URL(response.url());
        if (url.origin === app.server.url && url.pathname.endsWith('.js')) scripts.push(url.pathname);
      };
      patient.page.on('response', onResponse);
      await patient.openLink(invitation.url);
      await patient.passInfo();
      await patient.deviceCheck();
      patient.page.off('response', onResponse);
      if (i === 0) result.patientJsBeforeJoin = [...new Set(scripts)];
      await patient.joinWithName('Bench Pasient');
      await patient.expectWaiting();

      await clinician.admit('Bench Pasient');
      const [hostFrameAt, patientFrameAt] = await Promise.all([
        waitForFirstRemoteFrame(clinician.page),
        waitForFirstRemoteFrame(patient.page),
      ]);
      const { lastClickAt } = await readProbes(clinician.page);
      if (lastClickAt === null) throw new Error('the admit click was not recorded');
      result.runs.push({ hostSeesPatientMs: hostFrameAt - lastClickAt, patientSeesHostMs: patientFrameAt - lastClickAt });

      await clinician.endForEveryone();
      await Promise.all([clinician.page.context().close(), patient.page.context().close()]);
    }
  } finally {
    await app.server.dispose();
  }
  return result;
}

/** The floor: negotiation start until both peers in one page have presented a frame of the other. */
async function loopbackFloorRun(browser: Browser): Promise<number> {
  const page = await newParticipantPage(browser);
  try {
    await openLoopbackPage(page);
    return await runLoopbackCall(page, { bothWays: true });
  } finally {
    await page.context().close();
  }
}
