/**
 * The storage port's part for issue 9's consent and checklists (ADR 0018): organisation
 * documents as immutable versions keyed by hash, consent records, checklist ticks.
 */
import type { ConsentDecision, ConsentMethod, ParticipantRole, TextLanguage } from '@samtale/protocol';

export type DocumentKind = 'patient-text' | 'checklist';

export interface DocumentVersionRow {
  organisationId: string;
  /** SHA-256 (hex) of `body`. */
  hash: string;
  kind: DocumentKind;
  /** Patient texts only. */
  language: TextLanguage | null;
  /** The canonical JSON the hash is taken of. */
  body: string;
  savedAt: Date;
  /** The admin who saved it; null for a release's built-in default. */
  savedByUserId: string | null;
}

export interface DocumentRepository {
  /** Stores the version unless one with its hash exists (versions never change); returns the stored one. */
  keep(version: DocumentVersionRow): Promise<DocumentVersionRow>;
  /** `keep`s the version and makes it the current one of `slot`, in one transaction. */
  makeCurrent(version: DocumentVersionRow, slot: string, at: Date): Promise<DocumentVersionRow>;
  current(organisationId: string, slot: string): Promise<DocumentVersionRow | undefined>;
  get(organisationId: string, hash: string): Promise<DocumentVersionRow | undefined>;
  getMany(organisationId: string, hashes: readonly string[]): Promise<DocumentVersionRow[]>;
}

export interface ConsentRecordRow {
  id: string;
  consultationId: string;
  participantId: string;
  decision: ConsentDecision;
  method: ConsentMethod;
  textHash: string;
  language: TextLanguage;
  recordedByUserId: string | null;
  at: Date;
}

export interface ConsentRepository {
  add(record: Omit<ConsentRecordRow, 'id'>): Promise<ConsentRecordRow>;
  /** The consultation's records in time order, with each participant's role and name. */
  listByConsultation(
    consultationId: string,
  ): Promise<(ConsentRecordRow & { role: ParticipantRole; displayName: string })[]>;
}

export interface ChecklistTickRow {
  itemId: string;
  tickedAt: Date;
}

export interface ChecklistStateRepository {
  /** The checklist version the consultation uses: `hash` unless one was fixed before (that one wins). */
  pin(consultationId: string, hash: string, at: Date): Promise<string>;
  ticks(consultationId: string): Promise<ChecklistTickRow[]>;
  /** Ticks (true) or unticks (false); returns whether anything changed. The consultation must be pinned. */
  setTicked(consultationId: string, itemId: string, isTicked: boolean, userId: string, at: Date): Promise<boolean>;
}
