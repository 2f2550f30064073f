/**
 * The shape of checked-screens.json: what the e2e run's axe checks found per screen (written by
 * e2e/fixtures/accessibility-summary.ts, read by the accessibility statement).
 */
export interface CheckedScreen {
  /** The screenshot name in the e2e run, e.g. "patient-waiting". */
  screen: string;
  /** The route it was on, with tokens and ids as placeholders. */
  path: string;
  critical: number;
  serious: number;
  moderate: number;
  minor: number;
  /** axe rule ids of the moderate or minor violations on this screen (the others fail the run). */
  rules: string[];
}

export interface AccessibilitySummary {
  /** The day a result last changed (YYYY-MM-DD). */
  updated: string;
  axeVersion: string;
  tags: string[];
  screens: CheckedScreen[];
}
