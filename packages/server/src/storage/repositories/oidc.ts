import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { StorageError } from '../errors.ts';
import type {
  HelseIdMemberRepository,
  IdportenIdentificationRepository,
  OidcPendingLoginRepository,
} from '../types.ts';
import { isUniqueViolation } from './pg-errors.ts';

/** Pending OIDC logins: taken (deleted and returned) in one statement, so each is used once. */
export function oidcPendingLoginRepository(db: Kysely<Database>): OidcPendingLoginRepository {
  return {
    async create(row) {
      await db.insertInto('oidcPendingLogins').values(row).execute();
    },
    async take(keyHash, now) {
      const row = await db
        .deleteFrom('oidcPendingLogins')
        .where('keyHash', '=', keyHash)
        .returningAll()
        .executeTakeFirst();
      return row !== undefined && row.expiresAt > now ? row : undefined;
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('oidcPendingLogins').where('expiresAt', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** ID-porten identifications of patients: found by the browser's cookie while they last. */
export function idportenIdentificationRepository(db: Kysely<Database>): IdportenIdentificationRepository {
  return {
    async create(row) {
      await db.insertInto('idportenIdentifications').values(row).execute();
    },
    async find(keyHash, now) {
      return db
        .selectFrom('idportenIdentifications')
        .selectAll()
        .where('keyHash', '=', keyHash)
        .where('expiresAt', '>', now)
        .executeTakeFirst();
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('idportenIdentifications').where('expiresAt', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** HelseID persons ↔ members: by HPR number and by the keyed hash of the pid pseudonym. */
export function helseIdMemberRepository(db: Kysely<Database>): HelseIdMemberRepository {
  const conflict = (err: unknown, field: string): never => {
    if (isUniqueViolation(err)) throw new StorageError('conflict', 'helseid member', { field, cause: err });
    throw err;
  };
  return {
    async findByPidPseudonymHmac(hmac) {
      return db.selectFrom('helseidMembers').selectAll().where('pidPseudonymHmac', '=', hmac).executeTakeFirst();
    },
    async findByHprNumber(hprNumber) {
      return db.selectFrom('helseidMembers').selectAll().where('hprNumber', '=', hprNumber).executeTakeFirst();
    },
    async findByUser(userId) {
      return db.selectFrom('helseidMembers').selectAll().where('userId', '=', userId).executeTakeFirst();
    },
    async register(userId, hprNumber, at) {
      await db
        .insertInto('helseidMembers')
        .values({ userId, hprNumber, pidPseudonymHmac: null, linkedAt: null, createdAt: at })
        .onConflict((oc) => oc.column('userId').doUpdateSet({ hprNumber }))
        .execute()
        .catch((err: unknown) => conflict(err, 'hprNumber'));
    },
    async link(userId, link, at) {
      await db
        .insertInto('helseidMembers')
        .values({
          userId,
          hprNumber: link.hprNumber,
          pidPseudonymHmac: link.pidPseudonymHmac,
          linkedAt: at,
          createdAt: at,
        })
        .onConflict((oc) =>
          oc
            .column('userId')
            .doUpdateSet({ hprNumber: link.hprNumber, pidPseudonymHmac: link.pidPseudonymHmac, linkedAt: at }),
        )
        .execute()
        .catch((err: unknown) => conflict(err, 'pidPseudonymHmac'));
    },
    async listByOrganisation(organisationId) {
      return db
        .selectFrom('helseidMembers')
        .innerJoin('users', 'users.id', 'helseidMembers.userId')
        .selectAll('helseidMembers')
        .where('users.organisationId', '=', organisationId)
        .execute();
    },
  };
}
