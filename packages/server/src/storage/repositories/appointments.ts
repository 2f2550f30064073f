import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { WaitingEntry } from '@samtale/protocol';
import { StorageError } from '../errors.ts';
import type { Database } from '../schema.ts';
import { parseIdentification } from './participants.ts';
import type {
  AppointmentDetails,
  AppointmentRepository,
  AppointmentRow,
  InvitationRow,
  NewInvitationLink,
  NotificationRow,
} from '../types.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Takes the owner's row lock, then refuses a slot that meets another live appointment of theirs:
 * two bookings at once queue on the lock, so the second sees the first (PGlite lends its one
 * connection to one transaction at a time, which gives the same order).
 */
async function assertSlotFree(
  trx: Transaction<Database>,
  ownerUserId: string,
  slot: { startsAt: Date; endsAt: Date },
  exceptId: string | null,
): Promise<void> {
  await trx.selectFrom('users').select('id').where('id', '=', ownerUserId).forUpdate().executeTakeFirst();
  let clash = trx
    .selectFrom('appointments')
    .select('id')
    .where('ownerUserId', '=', ownerUserId)
    .where('cancelledAt', 'is', null)
    .where('startsAt', '<', slot.endsAt)
    .where('endsAt', '>', slot.startsAt);
  if (exceptId !== null) clash = clash.where('id', '!=', exceptId);
  if ((await clash.executeTakeFirst()) !== undefined)
    throw new StorageError('conflict', 'appointment', { field: 'time' });
}

async function insertLink(trx: Db, consultationId: string, link: NewInvitationLink, at: Date): Promise<InvitationRow> {
  const invitation = await trx
    .insertInto('invitations')
    .values({
      id: randomUUID(),
      consultationId,
      role: 'patient',
      tokenHash: link.tokenHash,
      createdByUserId: link.createdByUserId,
      createdAt: at,
      expiresAt: link.expiresAt,
      revokedAt: null,
      participantId: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (link.equipmentKeyHash !== undefined) {
    await trx
      .insertInto('equipmentTestLinks')
      .values({ keyHash: link.equipmentKeyHash, invitationId: invitation.id })
      .execute();
  }
  return invitation;
}

/** Revokes every patient link of the appointment's consultation (the invitation's and any reminder's). */
async function revokeLinks(trx: Db, consultationId: string, at: Date): Promise<void> {
  await trx
    .updateTable('invitations')
    .set({ revokedAt: at })
    .where('consultationId', '=', consultationId)
    .where('role', '=', 'patient')
    .where('revokedAt', 'is', null)
    .execute();
}

/** Gives a live appointment a new link (revoking the old one) and the next SEQUENCE. */
async function withNewLink(
  trx: Transaction<Database>,
  current: AppointmentRow,
  link: NewInvitationLink,
  at: Date,
  slot?: { startsAt: Date; endsAt: Date },
): Promise<{ appointment: AppointmentRow; invitation: InvitationRow }> {
  await revokeLinks(trx, current.consultationId, at);
  const invitation = await insertLink(trx, current.consultationId, link, at);
  const appointment = await trx
    .updateTable('appointments')
    .set((eb) => ({
      ...(slot ?? {}),
      invitationId: invitation.id,
      linkOpenedAt: null,
      sequence: eb('sequence', '+', 1),
    }))
    .where('id', '=', current.id)
    .where('cancelledAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (appointment === undefined) throw new StorageError('not-found', 'appointment');
  return { appointment, invitation };
}

/** Live details (who waits, who is in, the latest e-mail and SMS) of a set of appointments: three queries. */
async function detailsOf(db: Kysely<Database>, rows: readonly AppointmentRow[]): Promise<AppointmentDetails[]> {
  if (rows.length === 0) return [];
  const consultationIds = rows.map((r) => r.consultationId);
  const [consultations, people, deliveries] = await Promise.all([
    db.selectFrom('consultations').select(['id', 'status']).where('id', 'in', consultationIds).execute(),
    db
      .selectFrom('participants')
      .select([
        'id',
        'consultationId',
        'displayName',
        'role',
        'state',
        'waitingSince',
        'firstJoinedAt',
        'createdAt',
        'identification',
      ])
      .where('consultationId', 'in', consultationIds)
      .where('role', '!=', 'host')
      .orderBy('waitingSince')
      .orderBy('createdAt')
      .execute(),
    db
      .selectFrom('appointmentNotifications')
      .selectAll()
      .where(
        'appointmentId',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute(),
  ]);
  const statusOf = new Map(consultations.map((c) => [c.id, c.status]));
  const latest = { email: new Map<string, NotificationRow>(), sms: new Map<string, NotificationRow>() };
  for (const n of deliveries) if (!latest[n.channel].has(n.appointmentId)) latest[n.channel].set(n.appointmentId, n);
  return rows.map((appointment) => {
    const mine = people.filter((p) => p.consultationId === appointment.consultationId);
    const waiting: WaitingEntry[] = mine
      .filter((p) => p.state === 'waiting')
      .map((p) => ({
        participantId: p.id,
        displayName: p.displayName,
        role: p.role,
        waitingSince: (p.waitingSince ?? p.createdAt).toISOString(),
        identification: parseIdentification(p.identification),
      }));
    return {
      appointment,
      consultationStatus: statusOf.get(appointment.consultationId) ?? 'open',
      waiting,
      isGuestAdmitted: mine.some((p) => p.state === 'admitted'),
      hasGuestJoined: mine.some((p) => p.firstJoinedAt !== null),
      latestEmail: latest.email.get(appointment.id) ?? null,
      latestSms: latest.sms.get(appointment.id) ?? null,
    };
  });
}

/** Appointments and the deliveries of their messages, over Kysely. */
export function appointmentRepository(db: Kysely<Database>): AppointmentRepository {
  const get = (id: string) => db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
  const getLive = async (trx: Db, id: string): Promise<AppointmentRow> => {
    const row = await trx.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined || row.cancelledAt !== null) throw new StorageError('not-found', 'appointment');
    return row;
  };
  return {
    async findByConsultation(consultationId) {
      return db.selectFrom('appointments').selectAll().where('consultationId', '=', consultationId).executeTakeFirst();
    },
    async book(a, link) {
      return db.transaction().execute(async (trx) => {
        await assertSlotFree(trx, a.ownerUserId, a, null);
        const consultation = await trx
          .insertInto('consultations')
          .values({
            id: randomUUID(),
            organisationId: a.organisationId,
            ownerUserId: a.ownerUserId,
            label: a.label,
            status: 'open',
            createdAt: sql<Date>`clock_timestamp()`,
            startedAt: null,
            endedAt: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const invitation = await insertLink(trx, consultation.id, link, a.createdAt);
        const appointment = await trx
          .insertInto('appointments')
          .values({
            ...a,
            id: randomUUID(),
            consultationId: consultation.id,
            invitationId: invitation.id,
            linkOpenedAt: null,
            equipmentTestedAt: null,
            equipmentVerdict: null,
            cancelledAt: null,
            contactErasedAt: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { appointment, invitation };
      });
    },
    get,
    async reschedule(id, slot, link, at) {
      return db.transaction().execute(async (trx) => {
        const current = await getLive(trx, id);
        await assertSlotFree(trx, current.ownerUserId, slot, id);
        return withNewLink(trx, current, link, at, slot);
      });
    },
    async replaceLink(id, link, at) {
      return db.transaction().execute(async (trx) => withNewLink(trx, await getLive(trx, id), link, at));
    },
    async cancel(id, at) {
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('appointments')
          .set((eb) => ({ cancelledAt: at, sequence: eb('sequence', '+', 1) }))
          .where('id', '=', id)
          .where('cancelledAt', 'is', null)
          .returningAll()
          .executeTakeFirst();
        const row =
          updated ?? (await trx.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirst());
        if (row === undefined) throw new StorageError('not-found', 'appointment');
        await revokeLinks(trx, row.consultationId, at);
        return row;
      });
    },
    async addLink(id, link, at) {
      return db.transaction().execute(async (trx) => {
        const appointment = await getLive(trx, id);
        return { appointment, invitation: await insertLink(trx, appointment.consultationId, link, at) };
      });
    },
    async markLinkOpened(invitationId, at) {
      return db
        .updateTable('appointments')
        .set({ linkOpenedAt: at })
        .where('consultationId', '=', (eb) =>
          eb
            .selectFrom('invitations')
            .select('consultationId')
            .where('id', '=', invitationId)
            .where('role', '=', 'patient'),
        )
        .where('linkOpenedAt', 'is', null)
        .returning('ownerUserId')
        .executeTakeFirst();
    },
    async findEquipmentTestLink(keyHash) {
      const found = await db
        .selectFrom('equipmentTestLinks')
        .innerJoin('invitations', 'invitations.id', 'equipmentTestLinks.invitationId')
        .innerJoin('consultations', 'consultations.id', 'invitations.consultationId')
        .select(['invitations.id as invitationId', 'consultations.status as consultationStatus'])
        .where('equipmentTestLinks.keyHash', '=', keyHash)
        .executeTakeFirst();
      if (found === undefined) return undefined;
      const invitation = await db
        .selectFrom('invitations')
        .selectAll()
        .where('id', '=', found.invitationId)
        .executeTakeFirstOrThrow();
      const appointment = await db
        .selectFrom('appointments')
        .selectAll()
        .where('consultationId', '=', invitation.consultationId)
        .executeTakeFirst();
      return appointment === undefined
        ? undefined
        : { invitation, appointment, consultationStatus: found.consultationStatus };
    },
    async recordEquipmentTest(appointmentId, verdict, at) {
      await db
        .updateTable('appointments')
        .set({ equipmentTestedAt: at, equipmentVerdict: verdict })
        .where('id', '=', appointmentId)
        .execute();
    },
    async detailsForOwner(ownerUserId, from, to) {
      const rows = await db
        .selectFrom('appointments')
        .selectAll()
        .where('ownerUserId', '=', ownerUserId)
        .where('startsAt', '>=', from)
        .where('startsAt', '<', to)
        .orderBy('startsAt')
        .orderBy('id')
        .execute();
      return detailsOf(db, rows);
    },
    async details(id) {
      const row = await get(id);
      return row === undefined ? undefined : (await detailsOf(db, [row]))[0];
    },
    async recordNotification(n, at) {
      return db
        .insertInto('appointmentNotifications')
        .values({
          ...n,
          id: randomUUID(),
          status: 'sending',
          reason: null,
          // The database clock (microseconds) orders deliveries even when the caller's clock stands still.
          createdAt: sql<Date>`clock_timestamp()`,
          updatedAt: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async startJobNotification(n, at) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('appointmentNotifications')
          .values({
            ...n,
            id: randomUUID(),
            status: 'sending',
            reason: null,
            createdAt: sql<Date>`clock_timestamp()`,
            updatedAt: at,
          })
          .onConflict((oc) => oc.column('jobKey').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted !== undefined) return inserted;
        // A retry of a failed send: the same record goes back to `sending` (and to the top of the list).
        return trx
          .updateTable('appointmentNotifications')
          .set({ status: 'sending', reason: null, updatedAt: at, createdAt: sql<Date>`clock_timestamp()` })
          .where('jobKey', '=', n.jobKey)
          .where('status', '=', 'failed')
          .returningAll()
          .executeTakeFirst();
      });
    },
    async settleNotification(id, outcome, at) {
      await db
        .updateTable('appointmentNotifications')
        .set({ status: outcome.status, reason: outcome.status === 'failed' ? outcome.reason : null, updatedAt: at })
        .where('id', '=', id)
        .execute();
    },
    async failInterruptedNotifications(reason, at, startedBefore) {
      const result = await db
        .updateTable('appointmentNotifications')
        .set({ status: 'failed', reason, updatedAt: at })
        .where('status', '=', 'sending')
        .where('updatedAt', '<', startedBefore)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
