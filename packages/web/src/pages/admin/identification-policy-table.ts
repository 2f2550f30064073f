/**
 * The identification policy table an admin edits (issue 8), as plain functions: which proofs
 * each cell offers, which of them are refused and why (below the kind's floor, or the last one
 * left), and the organisation's policy to store (only the rows that differ from their floor).
 * The server checks the same rule (`loosenedRows`); this only keeps the page from offering it.
 */
import {
  Audience,
  IDENTIFICATION_FLOORS,
  isAtLeastAsStrict,
  POLICY_KEYS,
  type IdentificationProof,
  type IdentificationRequirements,
  type OrganisationIdentificationPolicy,
  type PolicyKey,
  type Requirement,
} from '@samtale/protocol';

/** The whole table: every row's rules, the floor where the organisation set none. */
export type PolicyTable = Record<PolicyKey, IdentificationRequirements>;

/**
 * The rows the page shows. `clinical:no-personal-data` is left out: a clinical meeting always
 * counts as one with personal data (`policyKeyOf`), so that row never applies.
 */
export const VISIBLE_POLICY_KEYS: readonly PolicyKey[] = POLICY_KEYS.filter((k) => k !== 'clinical:no-personal-data');

/** The proofs offered per role, in the order shown (a member logs in; others come by link). */
const CHOICES: Readonly<Record<Audience, readonly IdentificationProof[]>> = {
  member: ['login', 'passkey', 'helseid-4'],
  patient: ['name', 'idporten-substantial', 'idporten-high', 'id-shown-in-video'],
  guest: ['name', 'idporten-substantial', 'idporten-high', 'id-shown-in-video'],
};

/** Why a proof cannot be ticked or unticked here. */
export type ChoiceRefusal = 'belowFloor' | 'lastOne';

export interface ProofChoice {
  proof: IdentificationProof;
  isChecked: boolean;
  /** null: the admin may change it. */
  refusal: ChoiceRefusal | null;
}

/** True when `a` and `b` accept the same proofs. */
export function isSameRequirement(a: Requirement, b: Requirement): boolean {
  return a.length === b.length && a.every((p) => b.includes(p));
}

/** The checkboxes of one cell: the role's proofs and any others the current rule or floor name. */
export function choicesOf(audience: Audience, current: Requirement, floor: Requirement): ProofChoice[] {
  const proofs = [...CHOICES[audience]];
  for (const p of [...floor, ...current]) if (!proofs.includes(p)) proofs.push(p);
  return proofs.map((proof) => {
    const isChecked = current.includes(proof);
    let refusal: ChoiceRefusal | null = null;
    // A rule passes the floor when each of its alternatives does (isAtLeastAsStrict), so a proof
    // that alone would not pass it can never be added; unticking can only make a rule stricter.
    if (!isChecked && !isAtLeastAsStrict([proof], floor)) refusal = 'belowFloor';
    if (isChecked && current.length === 1) refusal = 'lastOne';
    return { proof, isChecked, refusal };
  });
}

/** `current` with `proof` ticked or unticked, or `current` itself where that is refused. */
export function toggledRequirement(
  audience: Audience,
  current: Requirement,
  floor: Requirement,
  proof: IdentificationProof,
): Requirement {
  const choice = choicesOf(audience, current, floor).find((c) => c.proof === proof);
  if (choice === undefined || choice.refusal !== null) return current;
  const order = choicesOf(audience, current, floor).map((c) => c.proof);
  const next = choice.isChecked ? current.filter((p) => p !== proof) : [...current, proof];
  return order.filter((p) => next.includes(p));
}

/** The table for an organisation's stored policy. */
export function tableOf(organisation: OrganisationIdentificationPolicy): PolicyTable {
  const table = {} as PolicyTable;
  for (const key of POLICY_KEYS) table[key] = organisation[key] ?? IDENTIFICATION_FLOORS[key];
  return table;
}

/** True when the row asks more than its floor. */
export function isTightened(key: PolicyKey, row: IdentificationRequirements): boolean {
  const floor = IDENTIFICATION_FLOORS[key];
  return Audience.options.some((a) => !isSameRequirement(row[a], floor[a]));
}

/** The policy to store: only the rows that differ from their floor. */
export function organisationPolicyOf(table: PolicyTable): OrganisationIdentificationPolicy {
  const policy: OrganisationIdentificationPolicy = {};
  for (const key of POLICY_KEYS) if (isTightened(key, table[key])) policy[key] = table[key];
  return policy;
}

/** True when both tables ask the same of every role. */
export function isSameTable(a: PolicyTable, b: PolicyTable): boolean {
  return POLICY_KEYS.every((k) => Audience.options.every((r) => isSameRequirement(a[k][r], b[k][r])));
}
