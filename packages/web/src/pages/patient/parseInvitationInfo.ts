import type { InvitationInfo } from '@samtale/protocol';
import type { Parse } from '../../api/ApiClient.ts';

const ROLES = new Set(['patient', 'relative', 'interpreter', 'colleague']);

/**
 * Checks the inspect answer by hand: the zod schema would pull zod into the patient's first
 * load (budget: 100 KB brotli before joining). Same rules as `InvitationInfo`.
 */
export const parseInvitationInfo: Parse<InvitationInfo> = (value) => {
  if (typeof value !== 'object' || value === null) throw new TypeError('InvitationInfo must be an object');
  const { role, organisationName, expiresAt } = value as Record<string, unknown>;
  if (typeof role !== 'string' || !ROLES.has(role)) throw new TypeError('InvitationInfo.role is not a role');
  if (typeof organisationName !== 'string') throw new TypeError('InvitationInfo.organisationName must be a string');
  if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))
    throw new TypeError('InvitationInfo.expiresAt must be a timestamp');
  return { role: role as InvitationInfo['role'], organisationName, expiresAt };
};
