import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PasskeyCredentialsTable } from '../schema.ts';
import type { PasskeyChallengeRepository, PasskeyRepository, PasskeyRow } from '../types.ts';

function transportsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function toRow(row: Selectable<PasskeyCredentialsTable>): PasskeyRow {
  return { ...row, counter: Number(row.counter), transports: transportsOf(row.transports) };
}

/** Members' passkeys over Kysely; a credential id belongs to one account only. */
export function passkeyRepository(db: Kysely<Database>): PasskeyRepository {
  return {
    async create(p, at) {
      const row = await db
        .insertInto('passkeyCredentials')
        .values({ ...p, transports: JSON.stringify(p.transports), id: randomUUID(), createdAt: at, lastUsedAt: null })
        .onConflict((oc) => oc.column('credentialId').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async listByUser(userId) {
      const rows = await db
        .selectFrom('passkeyCredentials')
        .selectAll()
        .where('userId', '=', userId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toRow);
    },
    async countByUser(userId) {
      const row = await db
        .selectFrom('passkeyCredentials')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('userId', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async findByCredentialId(credentialId) {
      const row = await db
        .selectFrom('passkeyCredentials')
        .selectAll()
        .where('credentialId', '=', credentialId)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async recordUse(id, expectedCounter, newCounter, isBackedUp, at) {
      const result = await db
        .updateTable('passkeyCredentials')
        .set({ counter: newCounter, isBackedUp, lastUsedAt: at })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async delete(id, userId) {
      const result = await db
        .deleteFrom('passkeyCredentials')
        .where('id', '=', id)
        .where('userId', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

/** Ceremony challenges: one per binding, taken (deleted) by the statement that reads it. */
export function passkeyChallengeRepository(db: Kysely<Database>): PasskeyChallengeRepository {
  return {
    async put(row, now) {
      await db.deleteFrom('passkeyChallenges').where('expiresAt', '<=', now).execute();
      await db
        .insertInto('passkeyChallenges')
        .values(row)
        .onConflict((oc) =>
          oc.column('keyHash').doUpdateSet({
            purpose: row.purpose,
            userId: row.userId,
            challenge: row.challenge,
            expiresAt: row.expiresAt,
          }),
        )
        .execute();
    },
    async take(keyHash, purposes, now) {
      const row = await db
        .deleteFrom('passkeyChallenges')
        .where('keyHash', '=', keyHash)
        .returningAll()
        .executeTakeFirst();
      if (!row || !purposes.includes(row.purpose) || row.expiresAt <= now) return undefined;
      return row;
    },
  };
}
