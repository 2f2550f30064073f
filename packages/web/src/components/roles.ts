import type { IdentityMethod, ParticipantRole } from '@samtale/protocol';
import type { MessageKey } from '../i18n/nb.ts';

/** Dictionary key for a participant role's name. */
export function roleKey(role: ParticipantRole): MessageKey {
  return `role.${role}`;
}

/** Dictionary key for how a participant was identified (shown to everyone in the call). */
export function identityKey(identity: IdentityMethod, role: ParticipantRole): MessageKey {
  if (identity === 'local-account') return role === 'host' ? 'identity.localAccountClinician' : 'identity.localAccount';
  return 'identity.invitationLink';
}
