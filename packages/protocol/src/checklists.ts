/**
 * Checklists per organisation (issue 9): items before, during and after a consultation, edited by
 * admins and versioned by hash like the patient texts; a consultation stores which items were
 * ticked and when (item ids and times only, never free text). ADR 0018.
 */
import * as z from 'zod/mini';
import { noControlCharacters, Timestamp } from './common.ts';
import { TextHash } from './consent.ts';

export const CHECKLIST_ITEMS_MAX = 40;

export const ChecklistPhase = z.enum(['before', 'during', 'after']);
export type ChecklistPhase = z.infer<typeof ChecklistPhase>;

/** `end`: must be ticked before the host ends the call (and so before the handover); `handover`: before the journal handover. */
export const ChecklistRequirement = z.enum(['end', 'handover']);
export type ChecklistRequirement = z.infer<typeof ChecklistRequirement>;

export const ChecklistItemId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/));
export type ChecklistItemId = z.infer<typeof ChecklistItemId>;

const Label = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), noControlCharacters());

export const ChecklistItem = z.object({
  id: ChecklistItemId,
  phase: ChecklistPhase,
  label: z.object({ nb: Label, nn: Label, en: Label }),
  requiredBefore: z.nullable(ChecklistRequirement),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** What an admin saves (PUT /api/admin/checklist): at most 40 items, ids unique. */
export const ChecklistBody = z.object({
  items: z.array(ChecklistItem).check(
    z.maxLength(CHECKLIST_ITEMS_MAX),
    z.refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'item ids must be unique'),
  ),
});
export type ChecklistBody = z.infer<typeof ChecklistBody>;

/** One immutable version of an organisation's checklist. */
export const ChecklistVersion = z.object({
  hash: TextHash,
  items: z.array(ChecklistItem),
  savedAt: Timestamp,
  isDefault: z.boolean(),
});
export type ChecklistVersion = z.infer<typeof ChecklistVersion>;

/** GET/PUT /api/admin/checklist (admins): the current version and the release's default. */
export const OrganisationChecklist = z.object({ current: ChecklistVersion, defaultItems: z.array(ChecklistItem) });
export type OrganisationChecklist = z.infer<typeof OrganisationChecklist>;

export const ChecklistTick = z.object({ itemId: ChecklistItemId, at: Timestamp });
export type ChecklistTick = z.infer<typeof ChecklistTick>;

/**
 * GET /api/consultations/:id/checklist (the host): the checklist version the consultation uses
 * (fixed at its first use, so an admin's later edit does not change a call under way), what is
 * ticked, and which required items are not: `missingBeforeEnd` blocks ending the call (while
 * someone other than the host has taken part), `missingBeforeHandover` is what the journal
 * handover must check (items required before the end or before the handover).
 */
export const ConsultationChecklist = z.object({
  hash: TextHash,
  items: z.array(ChecklistItem),
  ticks: z.array(ChecklistTick),
  missingBeforeEnd: z.array(ChecklistItemId),
  missingBeforeHandover: z.array(ChecklistItemId),
});
export type ConsultationChecklist = z.infer<typeof ConsultationChecklist>;

/** POST /api/consultations/:id/checklist/ticks: tick or untick one item. */
export const TickChecklistBody = z.object({ itemId: ChecklistItemId, isTicked: z.boolean() });
export type TickChecklistBody = z.infer<typeof TickChecklistBody>;
