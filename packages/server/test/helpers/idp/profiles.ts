/**
 * How each local provider behaves like the real one (IDENTITY.md): HelseID's security profile
 * (FAPI 2.0: PAR, PKCE S256, private_key_jwt, DPoP with nonces) and its claims; ID-porten's
 * levels of assurance (`acr`), `pid` and pairwise `sub`.
 */
import { createHash } from 'node:crypto';
import type { FindAccount } from 'oidc-provider';
import { HELSEID_PERSONS, IDPORTEN_PERSONS, type HelseIdPerson, type IdPortenPerson } from './persons.ts';

export type IdpProfile = 'helseid' | 'idporten';

/** A person on the IdP's login page: the button text and what the login records. */
export interface LoginChoice {
  readonly accountId: string;
  readonly label: string;
  readonly acr?: string;
  readonly amr: readonly string[];
}

export const HELSEID_CLAIM = {
  hprNumber: 'helseid://claims/hpr/hpr_number',
  hprDetails: 'helseid://claims/hpr/hpr_details',
  securityLevel: 'helseid://claims/identity/security_level',
  assuranceLevel: 'helseid://claims/identity/assurance_level',
  pidPseudonym: 'helseid://claims/identity/pid_pseudonym',
  network: 'helseid://claims/identity/network',
} as const;

/** The scopes HelseID's samples ask for (IDENTITY.md), each with the claims it releases. */
const HELSEID_CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name'],
  'helseid://scopes/hpr/hpr_number': [HELSEID_CLAIM.hprNumber, HELSEID_CLAIM.hprDetails],
  'helseid://scopes/identity/security_level': [HELSEID_CLAIM.securityLevel],
  'helseid://scopes/identity/assurance_level': [HELSEID_CLAIM.assuranceLevel],
  'helseid://scopes/identity/pid_pseudonym': [HELSEID_CLAIM.pidPseudonym],
  'helseid://scopes/identity/network': [HELSEID_CLAIM.network],
};

const IDPORTEN_CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub', 'pid'],
  profile: ['pid'],
};

/** The ID token carries identity and level; HPR details (professions) come from userinfo, as in HelseID. */
function helseIdClaims(person: HelseIdPerson, use: string): Record<string, unknown> {
  return {
    sub: person.id,
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    [HELSEID_CLAIM.hprNumber]: person.hprNumber,
    [HELSEID_CLAIM.securityLevel]: String(person.securityLevel),
    [HELSEID_CLAIM.assuranceLevel]: person.securityLevel === 4 ? 'high' : 'substantial',
    [HELSEID_CLAIM.pidPseudonym]: person.pidPseudonym,
    [HELSEID_CLAIM.network]: person.network,
    ...(use === 'userinfo'
      ? {
          [HELSEID_CLAIM.hprDetails]: {
            hpr_number: person.hprNumber,
            approvals: [
              {
                profession: person.profession.code,
                authorization: { value: '1', description: 'Autorisasjon' },
                requisition_rights: [],
                specialities: [],
              },
            ],
          },
        }
      : {}),
  };
}

function idPortenClaims(person: IdPortenPerson): Record<string, unknown> {
  return { sub: person.id, pid: person.pid };
}

export interface ProfileSettings {
  readonly choices: readonly LoginChoice[];
  readonly claims: Record<string, string[]>;
  readonly acrValues: readonly string[];
  readonly findAccount: FindAccount;
  /** HelseID requires DPoP-bound tokens with server nonces; ID-porten supports DPoP. */
  readonly isDPoPNonceRequired: boolean;
  readonly isFapi2: boolean;
  readonly subjectType: 'public' | 'pairwise';
}

/** What the provider of `profile` offers, and who can log in at it. */
export function profileSettings(profile: IdpProfile): ProfileSettings {
  if (profile === 'helseid') {
    const byId = new Map(HELSEID_PERSONS.map((p) => [p.id, p]));
    return {
      choices: HELSEID_PERSONS.map((p) => ({
        accountId: p.id,
        label: `${p.name} — ${p.profession.name}, HPR ${p.hprNumber}, sikkerhetsnivå ${p.securityLevel}`,
        amr: ['pwd'],
      })),
      claims: HELSEID_CLAIMS_BY_SCOPE,
      acrValues: [],
      findAccount: async (_ctx, sub) => {
        const person = byId.get(sub);
        return person && { accountId: sub, claims: async (use: string) => ({ ...helseIdClaims(person, use), sub }) };
      },
      isDPoPNonceRequired: true,
      isFapi2: true,
      subjectType: 'public',
    };
  }
  const byId = new Map(IDPORTEN_PERSONS.map((p) => [p.id, p]));
  return {
    choices: IDPORTEN_PERSONS.map((p) => ({ accountId: p.id, label: p.label, acr: p.acr, amr: ['TestID'] })),
    claims: IDPORTEN_CLAIMS_BY_SCOPE,
    acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
    findAccount: async (_ctx, sub) => {
      const person = byId.get(sub);
      return person && { accountId: sub, claims: async () => ({ ...idPortenClaims(person), sub }) };
    },
    isDPoPNonceRequired: false,
    isFapi2: false,
    subjectType: 'pairwise',
  };
}

/** ID-porten's `sub` differs per client (sector): a hash of the person and the sector. */
export function pairwiseSub(accountId: string, sectorIdentifier: string, salt: string): string {
  return createHash('sha256').update(`${sectorIdentifier}\0${accountId}\0${salt}`).digest('base64url');
}
