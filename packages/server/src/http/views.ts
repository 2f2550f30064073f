import type { UserView } from '@samtale/protocol';
import type { Storage, UserRow } from '../storage/types.ts';

/** A user as the API shows it (never the password hash). */
export async function userView(storage: Storage, user: UserRow): Promise<UserView> {
  const [organisation, passkeyCount, helseId] = await Promise.all([
    storage.organisations.get(user.organisationId),
    storage.passkeys.countByUser(user.id),
    storage.helseIdMembers.findByUser(user.id),
  ]);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: organisation?.name ?? '',
    passkeyCount,
    requiresPasskey: user.requiresPasskey,
    helseId:
      helseId === undefined ? null : { hprNumber: helseId.hprNumber, isLinked: helseId.pidPseudonymHmac !== null },
  };
}
