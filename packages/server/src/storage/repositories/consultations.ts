import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import {
  policyFor,
  type ConsultationView,
  type InvitationView,
  type MeetingKind,
  type MeetingView,
  type WaitingEntry,
} from '@samtale/protocol';
import type { Database } from '../schema.ts';
import { parseIdentification } from './participants.ts';
import type { ConsultationChange, ConsultationRepository, ConsultationRow, InvitationRow } from '../types.ts';

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

/** A meeting as its page and the creator's list show it. */
export function meetingView(
  c: ConsultationRow & { kind: MeetingKind },
  invitations: readonly InvitationRow[],
  waiting: readonly WaitingEntry[],
  admittedCount: number,
): MeetingView {
  return {
    id: c.id,
    kind: c.kind,
    hasPersonalData: c.hasPersonalData,
    title: c.label,
    policy: policyFor(c.kind, c.hasPersonalData),
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    isLocked: c.isLocked,
    invitations: invitations.map(invitationView),
    waiting: [...waiting],
    admittedCount,
  };
}

/** Narrows a row to a meeting. */
export function isMeeting(c: ConsultationRow): c is ConsultationRow & { kind: MeetingKind } {
  return c.kind !== 'consultation';
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

interface LiveDetails {
  invitations: Map<string, InvitationRow[]>;
  waiting: Map<string, WaitingEntry[]>;
  admitted: Map<string, number>;
}

/** Invitations, who waits and how many are in, for a set of consultations (two queries). */
async function liveDetails(db: Kysely<Database>, ids: readonly string[]): Promise<LiveDetails> {
  if (ids.length === 0) return { invitations: new Map(), waiting: new Map(), admitted: new Map() };
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
      .select(['id', 'consultationId', 'displayName', 'role', 'state', 'waitingSince', 'createdAt', 'identification'])
      .where('consultationId', 'in', ids)
      .where('state', 'in', ['waiting', 'admitted'])
      .orderBy('waitingSince')
      .orderBy('createdAt')
      .execute(),
  ]);
  const waiting = new Map<string, WaitingEntry[]>();
  const admitted = new Map<string, number>();
  for (const p of live) {
    if (p.state === 'admitted') admitted.set(p.consultationId, (admitted.get(p.consultationId) ?? 0) + 1);
    else {
      const list = waiting.get(p.consultationId) ?? [];
      list.push({
        participantId: p.id,
        displayName: p.displayName,
        role: p.role,
        waitingSince: (p.waitingSince ?? p.createdAt).toISOString(),
        identification: parseIdentification(p.identification),
      });
      waiting.set(p.consultationId, list);
    }
  }
  return { invitations: groupBy(invitations, (i) => i.consultationId), waiting, admitted };
}

/**
 * The update behind markStarted, markEnded and setLocked (also run inside a room command's one
 * statement): a consultation starts once, from open, and ends once.
 */
export function consultationChange(
  db: Kysely<Database>,
  id: string,
  change: ConsultationChange,
): UpdateQueryBuilder<Database, 'consultations', 'consultations', UpdateResult> {
  const update = db.updateTable('consultations').where('id', '=', id);
  switch (change.kind) {
    case 'started':
      return update
        .set({ status: 'active', startedAt: change.at })
        .where('startedAt', 'is', null)
        .where('status', '=', 'open');
    case 'ended':
      return update.set({ status: 'ended', endedAt: change.at }).where('status', '!=', 'ended');
    case 'locked':
      return update.set({ isLocked: change.isLocked });
  }
}

/** Consultations (and meetings, which are consultation rows of another kind) over Kysely. */
export function consultationRepository(db: Kysely<Database>): ConsultationRepository {
  const listByOwner = (ownerUserId: string) =>
    db
      .selectFrom('consultations')
      .selectAll()
      .where('ownerUserId', '=', ownerUserId)
      .where('kind', '=', 'consultation')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  const meetingsByOwner = async (ownerUserId: string) =>
    (
      await db
        .selectFrom('consultations')
        .selectAll()
        .where('ownerUserId', '=', ownerUserId)
        .where('kind', '!=', 'consultation')
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).filter(isMeeting);
  const meetingViews = async (rows: readonly (ConsultationRow & { kind: MeetingKind })[]): Promise<MeetingView[]> => {
    const d = await liveDetails(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((c) =>
      meetingView(c, d.invitations.get(c.id) ?? [], d.waiting.get(c.id) ?? [], d.admitted.get(c.id) ?? 0),
    );
  };
  return {
    async create({ meeting, ...c }) {
      const isClinical = meeting?.kind === 'clinical';
      return db
        .insertInto('consultations')
        .values({
          ...c,
          id: randomUUID(),
          status: 'open',
          // Newest first must hold for two made in the same millisecond too: PGlite's clock has
          // no microseconds, so a clinician's next consultation is never older than their last.
          createdAt: sql<Date>`greatest(clock_timestamp(), (select max(created_at) + interval '1 millisecond' from consultations where owner_user_id = ${c.ownerUserId}::uuid))`,
          startedAt: null,
          endedAt: null,
          ...(meeting === undefined
            ? {}
            : {
                kind: meeting.kind,
                // Clinical meetings always carry personal data (issue 3).
                hasPersonalData: isClinical || meeting.hasPersonalData,
                media: 'sfu' as const,
              }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async meetingViewsForOwner(ownerUserId) {
      return meetingViews(await meetingsByOwner(ownerUserId));
    },
    async meetingView(id) {
      const row = await db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined || !isMeeting(row)) return undefined;
      return (await meetingViews([row]))[0];
    },
    async setLocked(id, isLocked) {
      await consultationChange(db, id, { kind: 'locked', isLocked }).execute();
    },
    async get(id) {
      return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    listByOwner,
    async markStarted(id, at) {
      await consultationChange(db, id, { kind: 'started', at }).execute();
    },
    async markEnded(id, at) {
      await consultationChange(db, id, { kind: 'ended', at }).execute();
    },
    async viewsForOwner(ownerUserId) {
      // Booked consultations show on the day view with their appointment (issue 9), not here.
      const consultations = await db
        .selectFrom('consultations')
        .selectAll()
        .where('ownerUserId', '=', ownerUserId)
        .where('kind', '=', 'consultation')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('appointments')
                .select('appointments.id')
                .whereRef('appointments.consultationId', '=', 'consultations.id'),
            ),
          ),
        )
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const d = await liveDetails(
        db,
        consultations.map((c) => c.id),
      );
      return consultations.map((c) =>
        consultationView(c, d.invitations.get(c.id) ?? [], d.waiting.get(c.id) ?? [], d.admitted.get(c.id) ?? 0),
      );
    },
  };
}
