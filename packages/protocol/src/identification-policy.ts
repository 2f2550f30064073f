/**
 * Which identification each role needs to be admitted, per kind of call and personal data
 * (issue 8). One table, read by the server (which enforces it before admission) and by the
 * pages that say what is required; an organisation may tighten a row, never loosen it below
 * the kind's floor (`isAtLeastAsStrict`).
 */
import * as z from 'zod/mini';
import type { Identification } from './common.ts';

/**
 * What an identification proves. `name`: a name was given (everyone); `login`: logged in with an
 * account of the organisation; `passkey`: logged in with a passkey; `helseid-4`: HelseID at
 * security level 4; `idporten-substantial` / `idporten-high`: ID-porten at that level (high
 * proves substantial too); `id-shown-in-video`: a host checked an identity document in the video.
 */
export const IdentificationProof = z.enum([
  'name',
  'login',
  'passkey',
  'helseid-4',
  'idporten-substantial',
  'idporten-high',
  'id-shown-in-video',
]);
export type IdentificationProof = z.infer<typeof IdentificationProof>;

/** Everything a proof also proves (besides itself): the order that tightening follows. */
const IMPLIES: Readonly<Record<IdentificationProof, readonly IdentificationProof[]>> = {
  name: [],
  login: ['name'],
  passkey: ['login', 'name'],
  'helseid-4': ['login', 'name'],
  'idporten-substantial': ['name'],
  'idporten-high': ['idporten-substantial', 'name'],
  'id-shown-in-video': ['name'],
};

/** The proofs an identification gives. */
export function proofsOf(i: Identification): readonly IdentificationProof[] {
  switch (i.kind) {
    case 'helseid':
      return i.securityLevel >= 4 ? ['helseid-4', ...IMPLIES['helseid-4']] : IMPLIES['helseid-4'];
    case 'idporten':
      return i.level === 'high' ? ['idporten-high', ...IMPLIES['idporten-high']] : ['idporten-substantial', 'name'];
    case 'local-account':
      return i.hasPasskey ? ['passkey', ...IMPLIES.passkey] : ['login', 'name'];
    case 'invitation-link':
      return ['name'];
    case 'id-shown-in-video':
      return ['id-shown-in-video', 'name'];
  }
}

/** One role's rule: any one of these proofs is enough (never empty). */
export const Requirement = z.array(IdentificationProof).check(z.minLength(1), z.maxLength(7));
export type Requirement = z.infer<typeof Requirement>;

/**
 * Who the rule is for: `member` an organisation member (logged in: hosts and colleagues),
 * `patient` the patient (link), `guest` everyone else with a link (relative, interpreter, ...).
 */
export const Audience = z.enum(['member', 'patient', 'guest']);
export type Audience = z.infer<typeof Audience>;

export const IdentificationRequirements = z.object({ member: Requirement, patient: Requirement, guest: Requirement });
export type IdentificationRequirements = z.infer<typeof IdentificationRequirements>;

/** The kinds a call can be: a 1:1 consultation (issue 2) or a meeting of issue 3's kinds. */
export const CallKind = z.enum(['consultation', 'internal', 'external', 'clinical']);
export type CallKind = z.infer<typeof CallKind>;

/** A row of the table: a kind and whether personal data is involved ("personkrav"). */
export type PolicyKey = `${CallKind}:${'personal-data' | 'no-personal-data'}`;

const STRONG_MEMBER: Requirement = ['helseid-4', 'passkey'];
const IDENTIFIED_PATIENT: Requirement = ['idporten-high', 'id-shown-in-video'];
const NAME: Requirement = ['name'];
const LOGIN: Requirement = ['login'];

/**
 * The floors. Clinical meetings (always personal data): members through HelseID level 4 or a
 * passkey (where HelseID is not configured, only the passkey is possible), the patient through
 * ID-porten high or an ID check in the video, others a name and a host's admission. Internal and
 * external with personal data: members as clinical, a patient identified at least
 * substantially or in the video. A 1:1 consultation keeps issue 2's baseline (the clinician
 * knows the patient they admit; ADR 0014): organisations raise it on the admin page.
 */
export const IDENTIFICATION_FLOORS: Readonly<Record<PolicyKey, IdentificationRequirements>> = {
  'consultation:no-personal-data': { member: LOGIN, patient: NAME, guest: NAME },
  'consultation:personal-data': { member: LOGIN, patient: NAME, guest: NAME },
  'internal:no-personal-data': { member: LOGIN, patient: NAME, guest: NAME },
  'internal:personal-data': {
    member: STRONG_MEMBER,
    patient: ['idporten-substantial', 'id-shown-in-video'],
    guest: NAME,
  },
  'external:no-personal-data': { member: LOGIN, patient: NAME, guest: NAME },
  'external:personal-data': {
    member: STRONG_MEMBER,
    patient: ['idporten-substantial', 'id-shown-in-video'],
    guest: NAME,
  },
  'clinical:no-personal-data': { member: STRONG_MEMBER, patient: IDENTIFIED_PATIENT, guest: NAME },
  'clinical:personal-data': { member: STRONG_MEMBER, patient: IDENTIFIED_PATIENT, guest: NAME },
};

export const POLICY_KEYS = Object.keys(IDENTIFICATION_FLOORS) as PolicyKey[];

export function policyKeyOf(kind: CallKind, hasPersonalData: boolean): PolicyKey {
  return `${kind}:${hasPersonalData || kind === 'clinical' ? 'personal-data' : 'no-personal-data'}`;
}

/** True when `i` gives one of the proofs `r` accepts. */
export function satisfies(i: Identification, r: Requirement): boolean {
  const proofs = proofsOf(i);
  return r.some((p) => proofs.includes(p));
}

/** True when whoever passes `tighter` also passes `floor` (an organisation's row may only be such). */
export function isAtLeastAsStrict(tighter: Requirement, floor: Requirement): boolean {
  // Each alternative of the tighter rule must prove one of the floor's: whoever passes it passes the floor.
  return tighter.every((t) => floor.some((f) => f === t || IMPLIES[t].includes(f)));
}

/** The organisation's rules per row (only rows it tightened); validated against the floors. */
export const OrganisationIdentificationPolicy = z.partialRecord(z.enum(POLICY_KEYS), IdentificationRequirements);
export type OrganisationIdentificationPolicy = Partial<Record<PolicyKey, IdentificationRequirements>>;

/** The rows of `policy` that would loosen a floor (empty: it may be stored). */
export function loosenedRows(policy: OrganisationIdentificationPolicy): { key: PolicyKey; audience: Audience }[] {
  const found: { key: PolicyKey; audience: Audience }[] = [];
  for (const key of POLICY_KEYS) {
    const row = policy[key];
    if (row === undefined) continue;
    for (const audience of Audience.options) {
      if (!isAtLeastAsStrict(row[audience], IDENTIFICATION_FLOORS[key][audience])) found.push({ key, audience });
    }
  }
  return found;
}

/** The rules that apply to a call: the organisation's row where it set one, else the floor. */
export function requirementsFor(
  kind: CallKind,
  hasPersonalData: boolean,
  organisation: OrganisationIdentificationPolicy = {},
): IdentificationRequirements {
  const key = policyKeyOf(kind, hasPersonalData);
  return organisation[key] ?? IDENTIFICATION_FLOORS[key];
}
