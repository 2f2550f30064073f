/**
 * The note's draft in this tab's sessionStorage (ADR 0019): it survives a reload or a slip of
 * the back button, is never sent anywhere, and is gone when the tab closes. The patient's
 * identity number is not kept: it is typed again after a reload.
 */
import type { DocumentTypeCode } from './document-types.ts';

export interface StoredDraft {
  note: string;
  documentType: DocumentTypeCode;
  /** Chosen codes as `profession/code`. */
  codeKeys: string[];
}

const keyOf = (consultationId: string): string => `samtale.journalDraft.${consultationId}`;

/** The tab's draft for the consultation, if any (a damaged entry counts as none). */
export function loadDraft(storage: Storage, consultationId: string): StoredDraft | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(keyOf(consultationId)) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const draft = value as Partial<StoredDraft>;
    if (typeof draft.note !== 'string' || (draft.documentType !== 'B02-2' && draft.documentType !== 'B03-2'))
      return null;
    const codeKeys = Array.isArray(draft.codeKeys)
      ? draft.codeKeys.filter((k): k is string => typeof k === 'string')
      : [];
    return { note: draft.note, documentType: draft.documentType, codeKeys };
  } catch {
    return null;
  }
}

export function saveDraft(storage: Storage, consultationId: string, draft: StoredDraft): void {
  try {
    storage.setItem(keyOf(consultationId), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the reload safety net; the page still holds the note.
  }
}

export function discardDraft(storage: Storage, consultationId: string): void {
  storage.removeItem(keyOf(consultationId));
}

/** The key of a code in a draft. */
export const codeKey = (code: { profession: string; code: string }): string => `${code.profession}/${code.code}`;
