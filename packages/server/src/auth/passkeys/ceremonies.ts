/**
 * The two WebAuthn ceremonies through @simplewebauthn/server, with our refusals as coded errors.
 * The library checks challenge, origin, RP ID hash, flags and the signature; the signature
 * counter we check ourselves, after the signature is verified, so an unsigned (forged) assertion
 * can never raise the "cloned authenticator" alarm (the library compares counters before it
 * verifies the signature).
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { AuthenticationCredential, PasskeyOptions, RegistrationCredential } from '@samtale/protocol';
import { AppError } from '../../errors.ts';
import type { PasskeyRow, UserRow } from '../../storage/types.ts';
import type { RelyingParty } from './relying-party.ts';

/** How long a ceremony may take (also the challenge's lifetime on the server). */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

const TRANSPORTS = new Set<string>(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
function knownTransports(transports: readonly string[]): string[] {
  return transports.filter((t) => TRANSPORTS.has(t));
}

/** Ceremony options as the protocol carries them (the library's JSON, challenge included). */
export type CeremonyOptions = PasskeyOptions['options'];

/** The library's options JSON as plain protocol data (it is a JSON object with a `challenge`). */
function asCeremonyOptions(options: { challenge: string }): CeremonyOptions {
  return { ...options };
}

/** The WebAuthn user handle of a member: their (random) user id, no personal data. */
export function userHandleOf(user: Pick<UserRow, 'id'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(user.id);
}

/** Options for registering a discoverable passkey; the member's existing ones are excluded. */
export async function registrationOptions(
  rp: RelyingParty,
  user: UserRow,
  existing: readonly PasskeyRow[],
): Promise<CeremonyOptions> {
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: userHandleOf(user),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: knownTransports(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  return asCeremonyOptions(options);
}

/** A verified new credential, ready to store. */
export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  isBackedUp: boolean;
}

/** Verifies a registration against the challenge we issued; PASSKEY_INVALID when it does not hold. */
export async function verifyRegistration(
  rp: RelyingParty,
  credential: RegistrationCredential,
  expectedChallenge: string,
): Promise<NewPasskey> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      // Parsed by the protocol's schema, which leaves absent fields absent (not undefined).
      response: credential as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch (cause) {
    throw new AppError('PASSKEY_INVALID', { cause });
  }
  if (!verified.verified) throw new AppError('PASSKEY_INVALID');
  const info = verified.registrationInfo;
  return {
    credentialId: info.credential.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports: knownTransports(credential.response.transports ?? []),
    isBackedUp: info.credentialBackedUp,
  };
}

/**
 * Options for an assertion: `allow` empty for a passwordless login (the authenticator offers its
 * discoverable passkeys, and must verify the user), the member's own for the second factor.
 */
export async function authenticationOptions(
  rp: RelyingParty,
  allow: readonly PasskeyRow[] | null,
): Promise<CeremonyOptions> {
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: allow === null ? 'required' : 'preferred',
    allowCredentials: (allow ?? []).map((p) => ({ id: p.credentialId, transports: knownTransports(p.transports) })),
  });
  return asCeremonyOptions(options);
}

/**
 * Verifies an assertion by `passkey`'s key against the challenge we issued. Returns the counter
 * to store. PASSKEY_INVALID for a bad signature, origin, RP ID or challenge; PASSKEY_COUNTER_INVALID
 * for a signed assertion whose counter did not move forward (a replay or a cloned authenticator).
 */
export async function verifyAssertion(
  rp: RelyingParty,
  credential: AuthenticationCredential,
  expectedChallenge: string,
  passkey: PasskeyRow,
  isUserVerificationRequired: boolean,
): Promise<{ newCounter: number; isBackedUp: boolean }> {
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: credential as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: isUserVerificationRequired,
      // Counter 0 turns the library's early counter check off; ours below runs after the signature.
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: 0,
        transports: knownTransports(passkey.transports),
      },
    });
  } catch (cause) {
    throw new AppError('PASSKEY_INVALID', { cause });
  }
  if (!verified.verified) throw new AppError('PASSKEY_INVALID');
  const { newCounter, credentialBackedUp } = verified.authenticationInfo;
  // WebAuthn §7.2 step 21: a counter that does not grow signals a clone, unless both are 0.
  if ((newCounter > 0 || passkey.counter > 0) && newCounter <= passkey.counter) {
    throw new AppError('PASSKEY_COUNTER_INVALID');
  }
  return { newCounter, isBackedUp: credentialBackedUp };
}
