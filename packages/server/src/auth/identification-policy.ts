/**
 * An organisation's own identification rules (issue 8): rows of the policy table it tightened,
 * kept in settings. Stored only when no row loosens its kind's floor; read back defensively (a
 * damaged value counts as "not tightened", which is the floor, never looser).
 */
import {
  loosenedRows,
  OrganisationIdentificationPolicy,
  requirementsFor,
  type CallKind,
  type IdentificationRequirements,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';

const settingKey = (organisationId: string): string => `identification_policy:${organisationId}`;

/** The rows an organisation tightened (empty: the floors apply). */
export async function organisationPolicyOf(
  storage: Storage,
  organisationId: string,
): Promise<OrganisationIdentificationPolicy> {
  const text = await storage.settings.get(settingKey(organisationId));
  if (text === undefined) return {};
  try {
    const parsed = OrganisationIdentificationPolicy.safeParse(JSON.parse(text));
    // Re-checked on read too: a row that would loosen a floor is ignored, never applied.
    if (parsed.success && loosenedRows(parsed.data).length === 0) return parsed.data;
  } catch {
    // Unreadable: the floors apply.
  }
  return {};
}

/** Stores the organisation's rows; POLICY_BELOW_FLOOR (nothing stored) when one loosens a floor. */
export async function saveOrganisationPolicy(
  storage: Storage,
  organisationId: string,
  policy: OrganisationIdentificationPolicy,
): Promise<void> {
  const loosened = loosenedRows(policy);
  if (loosened.length > 0) {
    const rows = loosened.map((l) => `${l.key} (${l.audience})`).join(', ');
    throw new AppError('POLICY_BELOW_FLOOR', { message: `These rows would be looser than the floor: ${rows}.` });
  }
  await storage.settings.set(settingKey(organisationId), JSON.stringify(policy));
}

/** The rules a call of `kind` follows in `organisationId`. */
export async function requirementsOfCall(
  storage: Storage,
  c: { organisationId: string; kind: CallKind; hasPersonalData: boolean },
): Promise<IdentificationRequirements> {
  return requirementsFor(c.kind, c.hasPersonalData, await organisationPolicyOf(storage, c.organisationId));
}
