import type { Kysely, Selectable } from 'kysely';
import { LoginMethod } from '@samtale/protocol';
import * as z from 'zod/mini';
import type { Database, SessionsTable } from '../schema.ts';
import type { SessionRepository, SessionRow } from '../types.ts';

/** A stored row as the port's SessionRow; a login method the schema no longer reads is a password login. */
function toRow(row: Selectable<SessionsTable>): SessionRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.loginMethod);
  } catch {
    parsed = undefined;
  }
  const method = z.safeParse(LoginMethod, parsed);
  return { ...row, loginMethod: method.success ? method.data : { method: 'password' } };
}

/** Sessions over Kysely: only the SHA-256 of the cookie's token is stored. */
export function sessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(session) {
      await db
        .insertInto('sessions')
        .values({ ...session, loginMethod: JSON.stringify(session.loginMethod) })
        .execute();
    },
    async findLive(tokenHash, now) {
      const session = await db
        .selectFrom('sessions')
        .selectAll()
        .where('tokenHash', '=', tokenHash)
        .where('expiresAt', '>', now)
        .executeTakeFirst();
      if (!session) return undefined;
      const user = await db.selectFrom('users').selectAll().where('id', '=', session.userId).executeTakeFirst();
      return user ? { session: toRow(session), user } : undefined;
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
    },
  };
}
