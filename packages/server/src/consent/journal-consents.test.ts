import { describe, expect, it } from 'vitest';
import type { ParticipantRole } from '@samtale/protocol';
import type { ConsentRecordRow } from '../storage/consent-types.ts';
import { journalConsents } from './journal-consents.ts';

const HASH = 'a'.repeat(64);
let n = 0;
function record(
  participantId: string,
  decision: 'given' | 'withdrawn',
  minute: number,
  extra: Partial<ConsentRecordRow & { role: ParticipantRole }> = {},
): ConsentRecordRow & { role: ParticipantRole } {
  n += 1;
  return {
    id: `r${n}`,
    consultationId: 'c',
    participantId,
    decision,
    method: 'browser',
    textHash: HASH,
    language: 'nb',
    recordedByUserId: null,
    at: new Date(Date.UTC(2030, 0, 15, 9, minute)),
    role: 'patient',
    ...extra,
  };
}

describe('journalConsents', () => {
  it("states the patient's consent with its text, language, time and how it was given", () => {
    expect(journalConsents([record('p', 'given', 0, { method: 'spoken', language: 'nn' })])).toEqual([
      { textHash: HASH, language: 'nn', at: '2030-01-15T09:00:00.000Z', method: 'spoken' },
    ]);
  });

  it('marks a consent withdrawn when the same patient withdrew it later, and keeps a new one apart', () => {
    const consents = journalConsents([record('p', 'given', 0), record('p', 'withdrawn', 5), record('p', 'given', 9)]);
    expect(consents.map((c) => [c.at.slice(11, 16), c.method, c.withdrawnAt?.slice(11, 16)])).toEqual([
      ['09:00', 'checkbox', '09:05'],
      ['09:09', 'checkbox', undefined],
    ]);
  });

  it("leaves out other roles' records and a withdrawal with no consent before it", () => {
    expect(
      journalConsents([
        record('r', 'given', 0, { role: 'relative' }),
        record('p', 'withdrawn', 1),
        record('q', 'given', 2),
      ]),
    ).toEqual([{ textHash: HASH, language: 'nb', at: '2030-01-15T09:02:00.000Z', method: 'checkbox' }]);
  });
});
