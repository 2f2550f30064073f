/**
 * Norwegian national identity numbers (fødselsnummer and D-nummer): 11 digits, a birth date
 * (D-nummer adds 4 to the first digit) and two mod-11 check digits (Skatteetaten's rule).
 * Pure and dependency-free, so the dashboard can check what the clinician types before sending.
 */

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

function checkDigit(digits: readonly number[], weights: readonly number[]): number | null {
  let sum = 0;
  for (const [i, w] of weights.entries()) sum += w * (digits[i] ?? 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? null : k;
}

/** The 11 digits of `input` (spaces removed) when they form a valid fødselsnummer or D-nummer; else null. */
export function normaliseNationalId(input: string): string | null {
  const compact = input.replace(/\s+/g, '');
  if (!/^\d{11}$/.test(compact)) return null;
  const d = [...compact].map(Number);
  const k1 = checkDigit(d, WEIGHTS_1);
  if (k1 === null || k1 !== d[9]) return null;
  const k2 = checkDigit(d, WEIGHTS_2);
  if (k2 === null || k2 !== d[10]) return null;
  return birthDateOfNationalId(compact) === null ? null : compact;
}

/**
 * The birth date (YYYY-MM-DD) a valid number encodes, or null when its date is impossible. The
 * century comes from the individual number (digits 7–9), as the population register assigns it.
 */
export function birthDateOfNationalId(id: string): string | null {
  if (!/^\d{11}$/.test(id)) return null;
  let day = Number(id.slice(0, 2));
  // D-nummer: 40 added to the day.
  if (day > 40) day -= 40;
  // Test numbers (Tenor, synthetic): 80 added to the month; H-numbers 40.
  let month = Number(id.slice(2, 4));
  if (month > 80) month -= 80;
  else if (month > 40) month -= 40;
  const yy = Number(id.slice(4, 6));
  const individual = Number(id.slice(6, 9));
  let year: number;
  if (individual <= 499) year = 1900 + yy;
  else if (individual <= 749 && yy >= 54) year = 1800 + yy;
  else if (individual >= 900 && yy >= 40) year = 1900 + yy;
  else year = 2000 + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
