import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConsultationView, InvitationView, WaitingEntry } from '@samtale/protocol';
import type { Database } from '../schema.ts';
import type { ConsultationRepository, ConsultationRow, InvitationRow } from '../types.ts';

/** An invitation as its creator sees it later (the token, and so the url, is not stored). */
export function invitationView(inv: InvitationRow): InvitationView {
  return { id: inv.id, role: inv.role, expiresAt: inv.expiresAt.toISOString(), isRevoked: inv.revokedAt !== null };
}

/** A consultation as the dashboard shows it. */
export function consultationView(
  c: ConsultationRow,
  invitations: readonly InvitationRow[],
  waiting: readonly WaitingEntry[],
  admittedCount: number,
): ConsultationView {
  return {
    id: c.id,
    label: c.label,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    invitations: invitations.map(invitationView),
    waiting: [...waiting],
    admittedCount,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Consultations over Kysely. */
export function consultationRepository(db: Kysely<Database>): ConsultationRepository {
  const listByOwner = (ownerUserId: string) =>
    db
      .selectFrom('consultations')
      .selectAll()
      .where('ownerUserId', '=', ownerUserId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  return {
    async create(c) {
      return db
        .insertInto('consultations')
        .values({ ...c, id: randomUUID(), status: 'open', createdAt: new Date(), startedAt: null, endedAt: null })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async get(id) {
      return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    listByOwner,
    async markStarted(id, at) {
      await db
        .updateTable('consultations')
        .set({ status: 'active', startedAt: at })
        .where('id', '=', id)
        .where('startedAt', 'is', null)
        .where('status', '=', 'open')
        .execute();
    },
    async markEnded(id, at) {
      await db
        .updateTable('consultations')
        .set({ status: 'ended', endedAt: at })
        .where('id', '=', id)
        .where('status', '!=', 'ended')
        .execute();
    },
    async viewsForOwner(ownerUserId) {
      const consultations = await listByOwner(ownerUserId);
      if (consultations.length === 0) return [];
      const ids = consultations.map((c) => c.id);
      const [invitations, live] = await Promise.all([
        db
          .selectFrom('invitations')
          .selectAll()
          .where('consultationId', 'in', ids)
          .orderBy('createdAt')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('participants')
          .select(['id', 'consultationId', 'displayName', 'role', 'state', 'waitingSince', 'createdAt'])
          .where('consultationId', 'in', ids)
          .where('state', 'in', ['waiting', 'admitted'])
          .orderBy('waitingSince')
          .orderBy('createdAt')
          .execute(),
      ]);
      const invitationsBy = groupBy(invitations, (i) => i.consultationId);
      const liveBy = groupBy(live, (p) => p.consultationId);
      return consultations.map((c) => {
        const people = liveBy.get(c.id) ?? [];
        const waiting = people
          .filter((p) => p.state === 'waiting')
          .map((p) => ({
            participantId: p.id,
            displayName: p.displayName,
            role: p.role,
            waitingSince: (p.waitingSince ?? p.createdAt).toISOString(),
          }));
        const admittedCount = people.filter((p) => p.state === 'admitted').length;
        return consultationView(c, invitationsBy.get(c.id) ?? [], waiting, admittedCount);
      });
    },
  };
}
