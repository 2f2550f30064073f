/** The expected patient a clinician may name when creating a consultation or booking (issue 8). */
import { normaliseNationalId } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { IdentityHasher } from '../auth/IdentityHasher.ts';

/**
 * The keyed hash to store for what the clinician typed (null: nobody named); NATIONAL_ID_INVALID
 * when it is not a fødselsnummer or D-nummer. The number itself goes no further than this.
 */
export function expectedPatientHmacOf(hasher: IdentityHasher, typed: string | undefined): string | null {
  if (typed === undefined || typed.trim() === '') return null;
  const id = normaliseNationalId(typed);
  if (id === null) throw new AppError('NATIONAL_ID_INVALID');
  return hasher.hmac(id);
}
