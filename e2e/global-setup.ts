import { ensureFakeMedia } from './fixtures/fake-media.ts';
import { TestServer } from './fixtures/server.ts';

/** Runs once before any test: fake camera/microphone files, and a migrated data folder to copy. */
export default async function globalSetup(): Promise<void> {
  ensureFakeMedia();
  await TestServer.createDataTemplate();
}
