/** Organisation documents, consent records and checklist ticks over Kysely (issue 9, ADR 0018). */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type {
  ChecklistStateRepository,
  ConsentRepository,
  DocumentRepository,
  DocumentVersionRow,
} from '../consent-types.ts';

async function keepIn(db: Kysely<Database>, v: DocumentVersionRow): Promise<DocumentVersionRow> {
  await db
    .insertInto('organisationDocumentVersions')
    .values(v)
    .onConflict((oc) => oc.columns(['organisationId', 'hash']).doNothing())
    .execute();
  return db
    .selectFrom('organisationDocumentVersions')
    .selectAll()
    .where('organisationId', '=', v.organisationId)
    .where('hash', '=', v.hash)
    .executeTakeFirstOrThrow();
}

export function documentRepository(db: Kysely<Database>): DocumentRepository {
  return {
    keep: (v) => keepIn(db, v),
    async makeCurrent(v, slot, at) {
      return db.transaction().execute(async (trx) => {
        const stored = await keepIn(trx, v);
        await trx
          .insertInto('organisationDocumentCurrent')
          .values({ organisationId: v.organisationId, slot, hash: stored.hash, updatedAt: at })
          .onConflict((oc) => oc.columns(['organisationId', 'slot']).doUpdateSet({ hash: stored.hash, updatedAt: at }))
          .execute();
        return stored;
      });
    },
    async current(organisationId, slot) {
      return db
        .selectFrom('organisationDocumentCurrent as c')
        .innerJoin('organisationDocumentVersions as v', (j) =>
          j.onRef('v.organisationId', '=', 'c.organisationId').onRef('v.hash', '=', 'c.hash'),
        )
        .selectAll('v')
        .where('c.organisationId', '=', organisationId)
        .where('c.slot', '=', slot)
        .executeTakeFirst();
    },
    async get(organisationId, hash) {
      return db
        .selectFrom('organisationDocumentVersions')
        .selectAll()
        .where('organisationId', '=', organisationId)
        .where('hash', '=', hash)
        .executeTakeFirst();
    },
    async getMany(organisationId, hashes) {
      if (hashes.length === 0) return [];
      return db
        .selectFrom('organisationDocumentVersions')
        .selectAll()
        .where('organisationId', '=', organisationId)
        .where('hash', 'in', [...hashes])
        .execute();
    },
  };
}

export function consentRepository(db: Kysely<Database>): ConsentRepository {
  return {
    async add(record) {
      return db
        .insertInto('consentRecords')
        .values({ ...record, id: randomUUID() })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async listByConsultation(consultationId) {
      return db
        .selectFrom('consentRecords as r')
        .innerJoin('participants as p', 'p.id', 'r.participantId')
        .selectAll('r')
        .select(['p.role', 'p.displayName'])
        .where('r.consultationId', '=', consultationId)
        .orderBy('r.at')
        .orderBy('r.id')
        .execute();
    },
  };
}

export function checklistStateRepository(db: Kysely<Database>): ChecklistStateRepository {
  return {
    async pin(consultationId, hash, at) {
      await db
        .insertInto('consultationChecklists')
        .values({ consultationId, checklistHash: hash, pinnedAt: at })
        .onConflict((oc) => oc.column('consultationId').doNothing())
        .execute();
      const row = await db
        .selectFrom('consultationChecklists')
        .select('checklistHash')
        .where('consultationId', '=', consultationId)
        .executeTakeFirstOrThrow();
      return row.checklistHash;
    },
    async ticks(consultationId) {
      return db
        .selectFrom('checklistTicks')
        .select(['itemId', 'tickedAt'])
        .where('consultationId', '=', consultationId)
        .orderBy('tickedAt')
        .orderBy('itemId')
        .execute();
    },
    async setTicked(consultationId, itemId, isTicked, userId, at) {
      if (isTicked) {
        const result = await db
          .insertInto('checklistTicks')
          .values({ consultationId, itemId, tickedAt: at, tickedByUserId: userId })
          .onConflict((oc) => oc.columns(['consultationId', 'itemId']).doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      }
      const result = await db
        .deleteFrom('checklistTicks')
        .where('consultationId', '=', consultationId)
        .where('itemId', '=', itemId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
