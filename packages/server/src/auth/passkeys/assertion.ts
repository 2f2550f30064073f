/**
 * Whose passkey an assertion is, and whether it may log in: the one rule for a passwordless
 * login and the second factor after a password.
 */
import type { AuthenticationCredential } from '@samtale/protocol';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { AppError } from '../../errors.ts';
import type { PasskeyChallengeRow, PasskeyRow, Storage, UserRow } from '../../storage/types.ts';
import { userHandleOf, verifyAssertion } from './ceremonies.ts';
import type { RelyingParty } from './relying-party.ts';

/** What a refused assertion is known to be about, for the audit trail and the login limiter. */
export class PasskeyRefusal extends AppError {
  readonly userId: string | null;
  constructor(error: AppError, userId: string | null) {
    super(error.code, { cause: error });
    this.userId = userId;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Checks `credential` against the challenge it answers and records the use. Refuses (as a
 * PasskeyRefusal with a catalogue code): a credential not registered here (PASSKEY_UNKNOWN);
 * another member's passkey where the challenge was for a given member, or a user handle that
 * is not the passkey's owner (PASSKEY_WRONG_ACCOUNT); a bad signature, origin or RP ID
 * (PASSKEY_INVALID); a counter that did not move forward, or a use that raced another
 * (PASSKEY_COUNTER_INVALID).
 */
export async function checkPasskeyLogin(
  storage: Storage,
  rp: RelyingParty,
  challenge: PasskeyChallengeRow,
  credential: AuthenticationCredential,
  now: Date,
): Promise<{ user: UserRow; passkey: PasskeyRow }> {
  const passkey = await storage.passkeys.findByCredentialId(credential.id);
  if (!passkey) throw new PasskeyRefusal(new AppError('PASSKEY_UNKNOWN'), challenge.userId);
  const owner = passkey.userId;
  if (challenge.userId !== null && challenge.userId !== owner) {
    throw new PasskeyRefusal(new AppError('PASSKEY_WRONG_ACCOUNT'), challenge.userId);
  }
  const handle = credential.response.userHandle;
  if (handle !== undefined && !sameBytes(isoBase64URL.toBuffer(handle), userHandleOf({ id: owner }))) {
    throw new PasskeyRefusal(new AppError('PASSKEY_WRONG_ACCOUNT'), owner);
  }
  const user = await storage.users.get(owner);
  if (!user) throw new PasskeyRefusal(new AppError('PASSKEY_UNKNOWN'), null);
  let result;
  try {
    result = await verifyAssertion(rp, credential, challenge.challenge, passkey, challenge.purpose === 'login');
  } catch (err) {
    if (err instanceof AppError) throw new PasskeyRefusal(err, owner);
    throw err;
  }
  // Two assertions verified against the same stored counter: only the first one counts.
  const isRecorded = await storage.passkeys.recordUse(
    passkey.id,
    passkey.counter,
    result.newCounter,
    result.isBackedUp,
    now,
  );
  if (!isRecorded) throw new PasskeyRefusal(new AppError('PASSKEY_COUNTER_INVALID'), owner);
  return { user, passkey };
}
