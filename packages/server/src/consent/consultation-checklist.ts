/**
 * A consultation's checklist (issue 9): the organisation's version it uses (fixed at its first
 * use), what is ticked (item ids and times only), and the required items not yet ticked.
 */
import type { ChecklistItem, ChecklistRequirement, ConsultationChecklist } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { ChecklistTickRow } from '../storage/consent-types.ts';
import type { ConsultationRow, Storage } from '../storage/types.ts';
import { checklistVersion, currentChecklist } from './documents.ts';

/** Consultations and clinical meetings have a checklist; internal and external meetings do not. */
export function hasChecklist(consultation: Pick<ConsultationRow, 'kind'>): boolean {
  return consultation.kind === 'consultation' || consultation.kind === 'clinical';
}

const EMPTY_HASH = '0'.repeat(64);

function missing(
  items: readonly ChecklistItem[],
  ticks: readonly ChecklistTickRow[],
  of: readonly ChecklistRequirement[],
) {
  const ticked = new Set(ticks.map((t) => t.itemId));
  return items
    .filter((i) => i.requiredBefore !== null && of.includes(i.requiredBefore) && !ticked.has(i.id))
    .map((i) => i.id);
}

async function pinnedItems(storage: Storage, consultation: ConsultationRow, now: Date) {
  const current = await currentChecklist(storage, consultation.organisationId, now);
  const hash = await storage.checklists.pin(consultation.id, current.hash, now);
  const version = hash === current.hash ? current : await checklistVersion(storage, consultation.organisationId, hash);
  if (version === undefined)
    throw new TypeError(`consultation ${consultation.id} names a checklist that is not stored`);
  return version;
}

/** The consultation's checklist as the host sees it (an empty one for meetings without one). */
export async function consultationChecklist(
  storage: Storage,
  consultation: ConsultationRow,
  now: Date,
): Promise<ConsultationChecklist> {
  if (!hasChecklist(consultation)) {
    return { hash: EMPTY_HASH, items: [], ticks: [], missingBeforeEnd: [], missingBeforeHandover: [] };
  }
  const version = await pinnedItems(storage, consultation, now);
  const ticks = await storage.checklists.ticks(consultation.id);
  return {
    hash: version.hash,
    items: version.items,
    ticks: ticks.map((t) => ({ itemId: t.itemId, at: t.tickedAt.toISOString() })),
    missingBeforeEnd: missing(version.items, ticks, ['end']),
    missingBeforeHandover: missing(version.items, ticks, ['end', 'handover']),
  };
}

/** Ticks or unticks one item of the consultation's checklist (audited by id, never by text). */
export async function setChecklistTick(
  storage: Storage,
  consultation: ConsultationRow,
  change: { itemId: string; isTicked: boolean; userId: string },
  now: Date,
): Promise<ConsultationChecklist> {
  const before = await consultationChecklist(storage, consultation, now);
  if (!before.items.some((i) => i.id === change.itemId)) throw new AppError('CHECKLIST_ITEM_NOT_FOUND');
  const isChanged = await storage.checklists.setTicked(
    consultation.id,
    change.itemId,
    change.isTicked,
    change.userId,
    now,
  );
  if (!isChanged) return before;
  await storage.audit.append(
    {
      action: change.isTicked ? 'checklist_item_ticked' : 'checklist_item_unticked',
      actorUserId: change.userId,
      consultationId: consultation.id,
      details: { itemId: change.itemId, checklist: before.hash },
    },
    now,
  );
  return consultationChecklist(storage, consultation, now);
}
