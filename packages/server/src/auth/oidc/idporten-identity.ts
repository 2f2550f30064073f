/**
 * What an ID-porten login says about a patient (issue 8), and the identification it gives them
 * before the waiting room. The `pid` is turned into its keyed hash (and the birth date it
 * encodes) the moment it is read and goes no further: not stored, logged, or sent (ADR 0021).
 */
import type { IDToken } from 'openid-client';
import {
  birthDateOfNationalId,
  normaliseNationalId,
  type Identification,
  type IdportenLevel,
  type Requirement,
} from '@samtale/protocol';
import { AppError } from '../../errors.ts';
import { expectedPatientMatch, type IdentityHasher } from '../IdentityHasher.ts';

const ACR: Readonly<Record<IdportenLevel, string>> = {
  high: 'idporten-loa-high',
  substantial: 'idporten-loa-substantial',
};

/**
 * The levels a patient under `requirement` may identify at: only high where the rule accepts
 * ID-porten at high but not at substantial; otherwise either (a rule without ID-porten: the
 * patient identifies to prove they are the link's first holder, on another device).
 */
export function acceptedLevels(requirement: Requirement): readonly IdportenLevel[] {
  return requirement.includes('idporten-high') && !requirement.includes('idporten-substantial')
    ? ['high']
    : ['high', 'substantial'];
}

/** `acr_values` to ask for and the `acr` values to accept, for `levels`. */
export function acrFor(levels: readonly IdportenLevel[]): { acrValues: string[]; acceptedAcr: string[] } {
  // Asking for the lowest accepted level lets ID-porten offer every e-ID that reaches it.
  const lowest: IdportenLevel = levels.includes('substantial') ? 'substantial' : 'high';
  return { acrValues: [ACR[lowest]], acceptedAcr: levels.map((l) => ACR[l]) };
}

/** A patient as an ID-porten login identifies them: level, keyed hash of the pid, birth date. */
export interface IdportenIdentity {
  readonly level: IdportenLevel;
  readonly pidHmac: string;
  readonly birthDate: string;
}

/** The identity in a verified ID token (its `acr` already checked); OIDC_TOKEN_INVALID without a valid pid. */
export function idportenIdentityOf(claims: IDToken, hasher: IdentityHasher): IdportenIdentity {
  const level: IdportenLevel | undefined =
    claims.acr === ACR.high ? 'high' : claims.acr === ACR.substantial ? 'substantial' : undefined;
  const pid = typeof claims.pid === 'string' ? normaliseNationalId(claims.pid) : null;
  const birthDate = pid === null ? null : birthDateOfNationalId(pid);
  if (level === undefined) throw new AppError('OIDC_ACR_INSUFFICIENT');
  if (pid === null || birthDate === null) throw new AppError('OIDC_TOKEN_INVALID');
  return { level, pidHmac: hasher.hmac(pid), birthDate };
}

/** The participant's identification: what hosts see (roster.ts hides birth date and match from others). */
export function idportenIdentification(
  identity: Pick<IdportenIdentity, 'level' | 'pidHmac' | 'birthDate'>,
  consultation: { expectedPatientHmac: string | null },
): Identification {
  return {
    kind: 'idporten',
    level: identity.level,
    birthDate: identity.birthDate,
    expectedPatient: expectedPatientMatch(consultation, identity.pidHmac),
  };
}
