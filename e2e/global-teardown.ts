import { updateAccessibilitySummary } from './fixtures/accessibility-summary.ts';

/** Runs once after the tests: the axe results of the screens photographed go into the statement's summary. */
export default async function globalTeardown(): Promise<void> {
  await updateAccessibilitySummary();
}
