import { describe, expect, it } from 'vitest';
import { formatPlainText } from './plain-text.ts';
import { parsePersonIdentifier } from './norwegian-id.ts';
import { FACTS, TABLE, TEST_DNR, TEST_FNR } from './journal-fixtures.fixture.ts';

const NOTE = 'Linje én.\n\nLinje to – med æøå.';

describe('the plain-text summary for EPJ systems without FHIR', () => {
  it('lists the facts one per line in Norwegian local time, the codes, and the note last, unchanged', () => {
    const text = formatPlainText({
      facts: FACTS,
      draft: {
        note: NOTE,
        documentType: 'B02-2',
        patientIdentifier: parsePersonIdentifier(TEST_FNR),
        codes: [TABLE.codes[0]!],
      },
      now: new Date('2030-01-15T09:30:00Z'),
    });
    expect(text).toBe(
      [
        'Journalnotat – videokonsultasjon',
        'Virksomhet: Testklinikken',
        'Tid: 15.01.2030 kl. 10:01–10:20 (19 min)',
        'Behandler: Kari Klinikar (HPR-nr. 1234567)',
        `Pasient: Ola Pasient, fødselsnummer ${TEST_FNR}`,
        'Andre deltakere: Tina Tolk (tolk)',
        'Samtykke: gitt 10:01 (avkrysset av pasienten)',
        'Takster: 2ae (E-konsultasjon, også video (dagtid))',
        '',
        'Notat:',
        NOTE,
      ].join('\n'),
    );
  });

  it('names a D-number as such, and says when the call is still going on', () => {
    const text = formatPlainText({
      facts: { ...FACTS, endedAt: null, status: 'active', consents: [] },
      draft: { note: '', documentType: 'B03-2', patientIdentifier: parsePersonIdentifier(TEST_DNR), codes: [] },
      now: new Date('2030-01-15T09:30:00Z'),
    });
    expect(text).toContain(`Pasient: Ola Pasient, D-nummer ${TEST_DNR}`);
    expect(text).toContain('Tid: 15.01.2030 kl. 10:01 (pågår)');
    expect(text).not.toContain('Takster');
    expect(text).not.toContain('Samtykke');
  });
});

describe('Norwegian person identifiers', () => {
  it('accepts valid FNR and D-numbers (spaces allowed) and refuses wrong check digits and shapes', () => {
    expect(parsePersonIdentifier('150190 10063')).toEqual({
      kind: 'fnr',
      system: 'urn:oid:2.16.578.1.12.4.1.4.1',
      value: TEST_FNR,
    });
    expect(parsePersonIdentifier(TEST_DNR)?.system).toBe('urn:oid:2.16.578.1.12.4.1.4.2');
    for (const bad of ['15019010064', '1501901006', '150190100633', 'abcdefghijk', '', '00000000000']) {
      expect(parsePersonIdentifier(bad), bad).toBeNull();
    }
  });
});
