/**
 * The generic billing-code matcher (issue 9, ADR 0019): the table is data, and this file knows
 * no code by name. A code applies when it is for the clinician's profession and every condition
 * it states holds for the consultation's facts.
 */
import type { BillingCode, BillingTable, JournalFacts } from '@samtale/protocol';

/** The facts a code's conditions are checked against; the clinician can correct the booleans. */
export interface BillingFacts {
  /** HPR category (e.g. `LE`); null until known, and then nothing is suggested. */
  profession: string | null;
  durationMinutes: number;
  isVideo: boolean;
  isEvening: boolean;
  isInterdisciplinary: boolean;
  hasInterpreter: boolean;
  isGpWithSpecialist: boolean;
}

const matchesFlag = (wanted: boolean | undefined, actual: boolean): boolean =>
  wanted === undefined || wanted === actual;

/** Whether `code` applies to `facts`. */
export function codeApplies(code: BillingCode, facts: BillingFacts): boolean {
  const c = code.conditions;
  return (
    facts.profession === code.profession &&
    matchesFlag(c.video, facts.isVideo) &&
    matchesFlag(c.evening, facts.isEvening) &&
    matchesFlag(c.interdisciplinary, facts.isInterdisciplinary) &&
    matchesFlag(c.interpreter, facts.hasInterpreter) &&
    matchesFlag(c.gpWithSpecialist, facts.isGpWithSpecialist) &&
    facts.durationMinutes >= (c.minDurationMinutes ?? 0) &&
    facts.durationMinutes <= (c.maxDurationMinutes ?? Number.POSITIVE_INFINITY)
  );
}

/** The codes of `table` that apply to `facts`, in the table's order. */
export function suggestCodes(table: BillingTable, facts: BillingFacts): BillingCode[] {
  return table.codes.filter((code) => codeApplies(code, facts));
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since midnight of `at` in Norway (the tariff's evening is local time). */
export function osloMinuteOfDay(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** Whether a minute of the day falls in [from, to); a window with `from` after `to` wraps midnight. */
export function isInWindow(window: { from: string; to: string }, minuteOfDay: number): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === to) return false;
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/** Whole minutes from `start` to `end`, rounded up (a started minute counts), at least 0. */
export function durationMinutes(start: Date, end: Date): number {
  return Math.max(0, Math.ceil((end.getTime() - start.getTime()) / 60_000));
}

/**
 * The facts as the server's record suggests them: the host's profession, the call's length and
 * start, and the roles that took part. A colleague counts as interdisciplinary and nobody as a
 * specialist until the clinician says so: Samtale does not know the colleague's speciality.
 */
export function billingFactsOf(facts: JournalFacts, now: Date): BillingFacts {
  const start = facts.startedAt ? new Date(facts.startedAt) : now;
  const end = facts.endedAt ? new Date(facts.endedAt) : now;
  const profession = facts.host.profession;
  return {
    profession:
      profession !== null && facts.billingTable.codes.some((c) => c.profession === profession) ? profession : null,
    durationMinutes: durationMinutes(start, end),
    isVideo: true,
    isEvening: isInWindow(facts.billingTable.eveningHours, osloMinuteOfDay(start)),
    isInterdisciplinary: facts.participants.some((p) => p.role === 'colleague'),
    hasInterpreter: facts.participants.some((p) => p.role === 'interpreter'),
    isGpWithSpecialist: false,
  };
}
