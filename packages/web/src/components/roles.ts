import type { ParticipantRole } from '@samtale/protocol';
import type { MessageKey } from '../i18n/nb.ts';

/** Dictionary key for a participant role's name. */
export function roleKey(role: ParticipantRole): MessageKey {
  return `role.${role}`;
}
