import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs, REPO_ROOT } from './fixtures/fake-media.ts';

const jsonReport = process.env.SAMTALE_PLAYWRIGHT_JSON ?? '.tmp/test-report/playwright.json';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  outputDir: path.join(REPO_ROOT, 'test-results'),
  // Each test starts its own server and two or three browser contexts encoding video: on the
  // 2-core CI machine one worker keeps timing honest. E2E_WORKERS=2 locally if there is room.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['line'], ['json', { outputFile: path.resolve(REPO_ROOT, jsonReport) }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    permissions: ['camera', 'microphone'],
    locale: 'nb-NO',
    trace: 'off',
    video: 'off',
    screenshot: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs() },
  },
});
