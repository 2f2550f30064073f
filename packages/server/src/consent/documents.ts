/**
 * An organisation's documents as immutable versions (ADR 0018): a version's body is canonical
 * JSON and its SHA-256 names it, so a consent record's hash says exactly which words a person
 * read. The current version per slot is what patients see; until an admin saves one, the
 * release's default is current, stored the first time it is used so its hash stays resolvable
 * after a later release changes the default.
 */
import { createHash } from 'node:crypto';
import {
  ChecklistBody,
  PatientTextBody,
  type ChecklistItem,
  type ChecklistVersion,
  type PatientTextVersion,
  type TextLanguage,
} from '@samtale/protocol';
import type { DocumentVersionRow } from '../storage/consent-types.ts';
import type { Storage } from '../storage/types.ts';
import { DEFAULT_CHECKLIST, DEFAULT_PATIENT_TEXTS } from './default-documents.ts';

export const TEXT_LANGUAGES: readonly TextLanguage[] = ['nb', 'nn', 'en'];
const PATIENT_TEXT_FORMAT = 'samtale.patient-text/1';
const CHECKLIST_FORMAT = 'samtale.checklist/1';
const CHECKLIST_SLOT = 'checklist';

const patientTextSlot = (language: TextLanguage): string => `patient-text:${language}`;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type Author = { userId: string | null; at: Date };

/** The version row of a patient text (normalised as the schema normalises it). */
export function patientTextRow(
  organisationId: string,
  language: TextLanguage,
  text: PatientTextBody,
  author: Author,
): DocumentVersionRow {
  const { information, consent } = PatientTextBody.parse(text);
  const body = JSON.stringify({ format: PATIENT_TEXT_FORMAT, language, information, consent });
  return {
    organisationId,
    hash: sha256Hex(body),
    kind: 'patient-text',
    language,
    body,
    savedAt: author.at,
    savedByUserId: author.userId,
  };
}

/** The version row of a checklist; its items in a fixed key order so equal lists hash equally. */
export function checklistRow(
  organisationId: string,
  items: readonly ChecklistItem[],
  author: Author,
): DocumentVersionRow {
  const parsed = ChecklistBody.parse({ items }).items.map((i) => ({
    id: i.id,
    phase: i.phase,
    label: { nb: i.label.nb, nn: i.label.nn, en: i.label.en },
    requiredBefore: i.requiredBefore,
  }));
  const body = JSON.stringify({ format: CHECKLIST_FORMAT, items: parsed });
  return {
    organisationId,
    hash: sha256Hex(body),
    kind: 'checklist',
    language: null,
    body,
    savedAt: author.at,
    savedByUserId: author.userId,
  };
}

/** A stored patient-text version as the API shows it. */
export function patientTextView(row: DocumentVersionRow): PatientTextVersion {
  if (row.kind !== 'patient-text' || row.language === null) throw new TypeError('not a patient text version');
  const text = PatientTextBody.parse(JSON.parse(row.body));
  return {
    hash: row.hash,
    language: row.language,
    information: text.information,
    consent: text.consent,
    savedAt: row.savedAt.toISOString(),
    isDefault: row.savedByUserId === null,
  };
}

export function checklistView(row: DocumentVersionRow): ChecklistVersion {
  if (row.kind !== 'checklist') throw new TypeError('not a checklist version');
  const { items } = ChecklistBody.parse(JSON.parse(row.body));
  return { hash: row.hash, items, savedAt: row.savedAt.toISOString(), isDefault: row.savedByUserId === null };
}

/** The organisation's current patient text in `language` (the default, stored, until an admin saves one). */
export async function currentPatientText(
  storage: Storage,
  organisationId: string,
  language: TextLanguage,
  now: Date,
): Promise<PatientTextVersion> {
  const current = await storage.documents.current(organisationId, patientTextSlot(language));
  if (current !== undefined) return patientTextView(current);
  const fallback = patientTextRow(organisationId, language, DEFAULT_PATIENT_TEXTS[language], { userId: null, at: now });
  return patientTextView(await storage.documents.keep(fallback));
}

export function currentPatientTexts(
  storage: Storage,
  organisationId: string,
  now: Date,
): Promise<PatientTextVersion[]> {
  return Promise.all(TEXT_LANGUAGES.map((l) => currentPatientText(storage, organisationId, l, now)));
}

/** Saves an admin's text as a new version (or the existing one with its hash) and makes it current. */
export async function savePatientText(
  storage: Storage,
  organisationId: string,
  language: TextLanguage,
  text: PatientTextBody,
  author: { userId: string; at: Date },
): Promise<PatientTextVersion> {
  const row = patientTextRow(organisationId, language, text, author);
  return patientTextView(await storage.documents.makeCurrent(row, patientTextSlot(language), author.at));
}

/** A version of this organisation's patient text in `language` with this hash, if there is one. */
export async function patientTextVersion(
  storage: Storage,
  organisationId: string,
  hash: string,
  language: TextLanguage,
): Promise<PatientTextVersion | undefined> {
  const row = await storage.documents.get(organisationId, hash);
  return row?.kind === 'patient-text' && row.language === language ? patientTextView(row) : undefined;
}

export async function currentChecklist(storage: Storage, organisationId: string, now: Date): Promise<ChecklistVersion> {
  const current = await storage.documents.current(organisationId, CHECKLIST_SLOT);
  if (current !== undefined) return checklistView(current);
  return checklistView(
    await storage.documents.keep(checklistRow(organisationId, DEFAULT_CHECKLIST, { userId: null, at: now })),
  );
}

export async function saveChecklist(
  storage: Storage,
  organisationId: string,
  items: readonly ChecklistItem[],
  author: { userId: string; at: Date },
): Promise<ChecklistVersion> {
  const row = checklistRow(organisationId, items, author);
  return checklistView(await storage.documents.makeCurrent(row, CHECKLIST_SLOT, author.at));
}

/** A checklist version of this organisation by hash (a consultation's pinned one). */
export async function checklistVersion(
  storage: Storage,
  organisationId: string,
  hash: string,
): Promise<ChecklistVersion | undefined> {
  const row = await storage.documents.get(organisationId, hash);
  return row?.kind === 'checklist' ? checklistView(row) : undefined;
}
