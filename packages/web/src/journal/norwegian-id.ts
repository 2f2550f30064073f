/**
 * Norwegian person identifiers typed by the clinician on the summary page (never sent to the
 * Samtale server): fødselsnummer and D-nummer, 11 digits with two modulus-11 check digits.
 */
export const FNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.1';
export const DNR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.2';
export const HPR_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.4';

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: readonly number[], weights: readonly number[]): number | null {
  const sum = weights.reduce((total, w, i) => total + w * (digits[i] ?? 0), 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? null : k;
}

export type PersonIdentifier = { kind: 'fnr' | 'dnr'; system: string; value: string };

/** The identifier for `typed` (spaces allowed), or null when it is not a valid FNR or D-number. */
export function parsePersonIdentifier(typed: string): PersonIdentifier | null {
  const value = typed.replace(/\s+/g, '');
  if (!/^[0-9]{11}$/.test(value)) return null;
  const digits = [...value].map(Number);
  if (checkDigit(digits, WEIGHTS_1) !== digits[9] || checkDigit(digits, WEIGHTS_2) !== digits[10]) return null;
  const isDnr = (digits[0] ?? 0) >= 4;
  const day = Number(value.slice(0, 2)) - (isDnr ? 40 : 0);
  const month = Number(value.slice(2, 4));
  // Synthetic test numbers (Skatteetaten's test set) add 80 to the month.
  const realMonth = month > 80 ? month - 80 : month > 40 ? month - 40 : month;
  if (day < 1 || day > 31 || realMonth < 1 || realMonth > 12) return null;
  return isDnr ? { kind: 'dnr', system: DNR_SYSTEM, value } : { kind: 'fnr', system: FNR_SYSTEM, value };
}
