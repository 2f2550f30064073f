import { rm } from 'node:fs/promises';
import { AXE_RESULTS_DIR } from './fixtures/axe.ts';
import { ensureFakeMedia } from './fixtures/fake-media.ts';
import { TestServer } from './fixtures/server.ts';

/**
 * Runs once before any test: fake camera/microphone files, a migrated data folder to copy, and no
 * axe results of an earlier run (global-teardown folds this run's into the statement's summary).
 */
export default async function globalSetup(): Promise<void> {
  ensureFakeMedia();
  await rm(AXE_RESULTS_DIR, { recursive: true, force: true });
  await TestServer.createDataTemplate();
}
