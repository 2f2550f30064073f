/**
 * Which member a HelseID person is (issue 8, "members are linked safely"): a member already
 * linked (by the HMAC of the pid pseudonym), a member an admin registered by HPR number, a
 * member provisioned on first login where the admin allows it, or nobody (HELSEID_MEMBER_UNKNOWN).
 * A local account links to HelseID only through `linkHelseId`, the same person logged in to both.
 */
import { hash } from '@node-rs/argon2';
import type { UserRole } from '@samtale/protocol';
import { AppError } from '../../errors.ts';
import { StorageError } from '../../storage/errors.ts';
import type { Storage, UserRow } from '../../storage/types.ts';
import { randomToken } from '../tokens.ts';
import type { IdentityHasher } from '../IdentityHasher.ts';
import type { HelseIdIdentity } from './helseid-identity.ts';

/** Settings key: provisioning of members with an HPR number on first login, as `{ role }` JSON. */
export const HELSEID_PROVISIONING_SETTING = 'helseid.provisioning';

/** The role new HelseID members get, or null when the admin has not allowed provisioning. */
export async function provisioningRole(storage: Storage): Promise<UserRole | null> {
  const raw = await storage.settings.get(HELSEID_PROVISIONING_SETTING);
  if (raw === undefined) return null;
  try {
    const role = (JSON.parse(raw) as { role?: unknown }).role;
    return role === 'clinician' || role === 'admin' ? role : null;
  } catch {
    return null;
  }
}

async function userOrUnknown(storage: Storage, userId: string): Promise<UserRow> {
  const user = await storage.users.get(userId);
  if (user === undefined) throw new AppError('HELSEID_MEMBER_UNKNOWN');
  return user;
}

/** The member for a HelseID login, linking or provisioning where the rules above allow. */
export async function memberForHelseId(
  storage: Storage,
  hasher: IdentityHasher,
  identity: HelseIdIdentity,
  now: Date,
): Promise<{ user: UserRow; isProvisioned: boolean }> {
  const pidHmac = hasher.pseudonymHmac(identity.pidPseudonym);
  const linked = await storage.helseIdMembers.findByPidPseudonymHmac(pidHmac);
  if (linked !== undefined) return { user: await userOrUnknown(storage, linked.userId), isProvisioned: false };
  if (identity.hprNumber !== undefined) {
    const registered = await storage.helseIdMembers.findByHprNumber(identity.hprNumber);
    // Registered by an admin and not yet linked to a person: this person, with that HPR number.
    if (registered !== undefined && registered.pidPseudonymHmac === null) {
      await storage.helseIdMembers.link(
        registered.userId,
        { hprNumber: identity.hprNumber, pidPseudonymHmac: pidHmac },
        now,
      );
      return { user: await userOrUnknown(storage, registered.userId), isProvisioned: false };
    }
    const role = registered === undefined ? await provisioningRole(storage) : null;
    const organisation = role === null ? undefined : await storage.organisations.first();
    if (role !== null && organisation !== undefined) {
      const user = await storage.users.create({
        organisationId: organisation.id,
        // HelseID gives no e-mail; a reserved domain (RFC 2606) keeps the column unique.
        email: `hpr-${identity.hprNumber}@helseid.invalid`,
        displayName: identity.name,
        role,
        // No password: this member logs in with HelseID only.
        passwordHash: await hash(randomToken(32)),
      });
      await storage.helseIdMembers.link(user.id, { hprNumber: identity.hprNumber, pidPseudonymHmac: pidHmac }, now);
      return { user, isProvisioned: true };
    }
  }
  throw new AppError('HELSEID_MEMBER_UNKNOWN');
}

/** Links the logged-in member `userId` to the HelseID person who just logged in (the explicit step). */
export async function linkHelseId(
  storage: Storage,
  hasher: IdentityHasher,
  userId: string,
  identity: HelseIdIdentity,
  now: Date,
): Promise<UserRow> {
  const pidHmac = hasher.pseudonymHmac(identity.pidPseudonym);
  const linked = await storage.helseIdMembers.findByPidPseudonymHmac(pidHmac);
  if (linked !== undefined && linked.userId !== userId) throw new AppError('HELSEID_ALREADY_LINKED');
  const registered =
    identity.hprNumber === undefined ? undefined : await storage.helseIdMembers.findByHprNumber(identity.hprNumber);
  if (registered !== undefined && registered.userId !== userId) throw new AppError('HELSEID_ALREADY_LINKED');
  try {
    await storage.helseIdMembers.link(
      userId,
      { hprNumber: identity.hprNumber ?? null, pidPseudonymHmac: pidHmac },
      now,
    );
  } catch (err) {
    if (err instanceof StorageError && err.kind === 'conflict')
      throw new AppError('HELSEID_ALREADY_LINKED', { cause: err });
    throw err;
  }
  return userOrUnknown(storage, userId);
}
