/** Facts of one ended consultation, for the journal module's tests. */
import type { BillingTable, JournalFacts } from '@samtale/protocol';

export const TABLE: BillingTable = {
  version: 1,
  codeSystem: 'urn:samtale:normaltariffen',
  eveningHours: { from: '16:00', to: '08:00', source: 'test', isConfirmed: false },
  codes: [
    {
      profession: 'LE',
      code: '2ae',
      label: 'E-konsultasjon, også video (dagtid)',
      conditions: { video: true, evening: false },
      source: 'test',
      sourceDate: '2026-07-01',
      isConfirmed: false,
    },
    {
      profession: 'LE',
      code: '2aek',
      label: 'E-konsultasjon, også video (kveld)',
      conditions: { video: true, evening: true },
      source: 'test',
      sourceDate: '2026-07-01',
      isConfirmed: false,
    },
    {
      profession: 'LE',
      code: '7',
      label: 'Tolketid',
      conditions: { interpreter: true },
      source: 'test',
      sourceDate: '2026-07-01',
      isConfirmed: false,
    },
  ],
};

export const FACTS: JournalFacts = {
  consultationId: '3f1b8c1e-2a44-4c1e-9a53-0c6c3d1f2b10',
  kind: 'consultation',
  status: 'ended',
  // 10:01–10:20 in Oslo (UTC+1 in January).
  startedAt: '2030-01-15T09:01:00.000Z',
  endedAt: '2030-01-15T09:20:00.000Z',
  appointment: { startsAt: '2030-01-15T09:00:00.000Z', endsAt: '2030-01-15T09:20:00.000Z' },
  organisationName: 'Testklinikken',
  host: {
    role: 'host',
    displayName: 'Kari Klinikar',
    identification: { kind: 'local-account', hasPasskey: false },
    hprNumber: '1234567',
    profession: 'LE',
    firstJoinedAt: '2030-01-15T09:00:30.000Z',
    lastLeftAt: '2030-01-15T09:20:00.000Z',
  },
  participants: [
    {
      role: 'patient',
      displayName: 'Ola Pasient',
      identification: { kind: 'invitation-link' },
      hprNumber: null,
      profession: null,
      firstJoinedAt: '2030-01-15T09:01:00.000Z',
      lastLeftAt: '2030-01-15T09:20:00.000Z',
    },
    {
      role: 'interpreter',
      displayName: 'Tina Tolk',
      identification: { kind: 'invitation-link' },
      hprNumber: null,
      profession: null,
      firstJoinedAt: '2030-01-15T09:02:00.000Z',
      lastLeftAt: '2030-01-15T09:20:00.000Z',
    },
  ],
  consents: [{ textHash: 'a'.repeat(64), language: 'nb', at: '2030-01-15T09:01:00.000Z', method: 'checkbox' }],
  epjFhirUrl: null,
  billingTable: TABLE,
};

/** A valid synthetic fødselsnummer (check digits computed, not a real person's). */
export const TEST_FNR = '15019010063';
export const TEST_DNR = '45019010086';
