import { ensureFakeMedia } from './fixtures/fake-media.ts';

/** Runs once before any browser starts: the fake camera and microphone files must exist. */
export default function globalSetup(): void {
  ensureFakeMedia();
}
