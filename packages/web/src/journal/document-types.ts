/** Document types for the note, from Volven 9602 ("Dokumenttype", CLINICAL.md). */
export const VOLVEN_9602 = 'urn:oid:2.16.578.1.12.4.1.1.9602';

export const DOCUMENT_TYPES = [
  { code: 'B02-2', display: 'Journalnotat' },
  { code: 'B03-2', display: 'Poliklinisk notat' },
] as const;

export type DocumentTypeCode = (typeof DOCUMENT_TYPES)[number]['code'];

/** The display text of a Volven 9602 code this page offers. */
export function documentTypeDisplay(code: DocumentTypeCode): string {
  return DOCUMENT_TYPES.find((t) => t.code === code)?.display ?? code;
}
