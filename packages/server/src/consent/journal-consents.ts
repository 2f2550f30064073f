/**
 * The patient's consent as the journal summary states it (issue 9): each time the patient gave
 * consent, with which text (by hash), in which language, when and how, and when it was withdrawn
 * if it was. Pure: from the consultation's consent records in time order.
 */
import type { JournalConsent, ParticipantRole } from '@samtale/protocol';
import type { ConsentRecordRow } from '../storage/consent-types.ts';

/** Roles whose consent is the patient's (a relative or interpreter does not consent to care). */
const PATIENT_ROLES: ReadonlySet<ParticipantRole> = new Set(['patient']);

export function journalConsents(records: readonly (ConsentRecordRow & { role: ParticipantRole })[]): JournalConsent[] {
  const consents: JournalConsent[] = [];
  // The latest consent given by each participant, to which a withdrawal belongs.
  const open = new Map<string, JournalConsent>();
  for (const record of records) {
    if (!PATIENT_ROLES.has(record.role)) continue;
    if (record.decision === 'given') {
      const consent: JournalConsent = {
        textHash: record.textHash,
        language: record.language,
        at: record.at.toISOString(),
        method: record.method === 'browser' ? 'checkbox' : 'spoken',
      };
      consents.push(consent);
      open.set(record.participantId, consent);
    } else {
      const consent = open.get(record.participantId);
      if (consent !== undefined && consent.withdrawnAt === undefined) consent.withdrawnAt = record.at.toISOString();
      open.delete(record.participantId);
    }
  }
  return consents;
}
