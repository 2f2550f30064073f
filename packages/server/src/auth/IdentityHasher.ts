/**
 * Keyed hashes of national identity numbers (issue 8): the expected patient a clinician types
 * and the `pid` an ID-porten patient identifies with are stored only as HMAC-SHA256 under a key
 * kept outside the database (IDENTITY_HMAC_KEY, or a key generated once into the data folder),
 * so they can be compared and a copy of the database cannot be searched by number (ADR 0014).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpectedPatientMatch } from '@samtale/protocol';
import type { Config } from '../config/config.ts';

export const IDENTITY_KEY_FILE = 'identity-hmac.key';

export class IdentityHasher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new TypeError('the identity HMAC key must be at least 32 bytes');
    this.#key = key;
  }

  /**
   * HMAC-SHA256 (hex) of HelseID's `pid_pseudonym` (issue 8): the same key, with a label in front
   * so that a pseudonym's hash can never equal a national identity number's.
   */
  pseudonymHmac(pseudonym: string): string {
    return createHmac('sha256', this.#key).update(`helseid-pid-pseudonym:${pseudonym}`, 'utf8').digest('hex');
  }

  /** HMAC-SHA256 (hex) of a normalised 11-digit national identity number. */
  hmac(nationalId: string): string {
    if (!/^\d{11}$/.test(nationalId)) throw new TypeError('hmac expects the 11 digits of a national identity number');
    return createHmac('sha256', this.#key).update(nationalId, 'utf8').digest('hex');
  }
}

/**
 * Whether the patient who identified with ID-porten (the keyed hash of their pid) is the one the
 * consultation expects: `none` when it names nobody. For the ID-porten flow to call.
 */
export function expectedPatientMatch(
  consultation: { expectedPatientHmac: string | null },
  pidHmac: string,
): ExpectedPatientMatch {
  if (consultation.expectedPatientHmac === null) return 'none';
  const a = Buffer.from(consultation.expectedPatientHmac, 'hex');
  const b = Buffer.from(pidHmac, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b) ? 'match' : 'mismatch';
}

/**
 * The key: IDENTITY_HMAC_KEY when set (needed when several nodes share one database), else the
 * data folder's key file, made on first start (mode 0600). Never logged.
 */
export async function loadIdentityHasher(config: Config): Promise<IdentityHasher> {
  if (config.identityHmacKey !== null) return new IdentityHasher(Buffer.from(config.identityHmacKey, 'utf8'));
  const file = path.join(config.dataDir, IDENTITY_KEY_FILE);
  try {
    return new IdentityHasher(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return new IdentityHasher(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url'));
}
