/** The identification policy table and national identity numbers (issue 8). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Audience,
  IDENTIFICATION_FLOORS,
  IdentificationProof,
  isAtLeastAsStrict,
  loosenedRows,
  normaliseNationalId,
  POLICY_KEYS,
  requirementsFor,
  satisfies,
  type Identification,
} from '../src/index.ts';

const identification: fc.Arbitrary<Identification> = fc.oneof(
  fc.record({
    kind: fc.constant('helseid' as const),
    securityLevel: fc.integer({ min: 1, max: 4 }),
    isHealthPersonnel: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('idporten' as const),
    level: fc.constantFrom('high' as const, 'substantial' as const),
  }),
  fc.record({ kind: fc.constant('local-account' as const), hasPasskey: fc.boolean() }),
  fc.constant({ kind: 'invitation-link' as const }),
  fc.record({ kind: fc.constant('id-shown-in-video' as const), recordedByName: fc.string({ maxLength: 10 }) }),
);
const requirement = fc.uniqueArray(fc.constantFrom(...IdentificationProof.options), { minLength: 1 });

describe('the identification policy table', () => {
  it('lets clinical members in through HelseID level 4 or a passkey only, and the patient through ID-porten high or an ID check', () => {
    const clinical = requirementsFor('clinical', false);
    expect(satisfies({ kind: 'helseid', securityLevel: 4, isHealthPersonnel: true }, clinical.member)).toBe(true);
    expect(satisfies({ kind: 'helseid', securityLevel: 3, isHealthPersonnel: true }, clinical.member)).toBe(false);
    expect(satisfies({ kind: 'local-account', hasPasskey: true }, clinical.member)).toBe(true);
    expect(satisfies({ kind: 'local-account', hasPasskey: false }, clinical.member)).toBe(false);
    expect(satisfies({ kind: 'idporten', level: 'high' }, clinical.patient)).toBe(true);
    expect(satisfies({ kind: 'idporten', level: 'substantial' }, clinical.patient)).toBe(false);
    expect(satisfies({ kind: 'id-shown-in-video', recordedByName: 'Dr' }, clinical.patient)).toBe(true);
    expect(satisfies({ kind: 'invitation-link' }, clinical.patient)).toBe(false);
    expect(satisfies({ kind: 'invitation-link' }, clinical.guest)).toBe(true);
  });

  it('lets any logged-in member into an internal meeting and any guest with a name into an external one', () => {
    expect(satisfies({ kind: 'local-account', hasPasskey: false }, requirementsFor('internal', false).member)).toBe(
      true,
    );
    expect(satisfies({ kind: 'invitation-link' }, requirementsFor('internal', false).member)).toBe(false);
    expect(satisfies({ kind: 'invitation-link' }, requirementsFor('external', false).guest)).toBe(true);
  });

  it('treats clinical as personal data whatever the flag says', () => {
    expect(requirementsFor('clinical', false)).toEqual(IDENTIFICATION_FLOORS['clinical:personal-data']);
  });

  it('never lets a tightened row admit anyone the floor would refuse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POLICY_KEYS),
        fc.constantFrom(...Audience.options),
        requirement,
        identification,
        (key, audience, tighter, who) => {
          const floor = IDENTIFICATION_FLOORS[key][audience];
          if (isAtLeastAsStrict(tighter, floor) && satisfies(who, tighter)) expect(satisfies(who, floor)).toBe(true);
        },
      ),
    );
  });

  it('accepts every floor as its own tightening and names the rows that loosen one', () => {
    for (const key of POLICY_KEYS) expect(loosenedRows({ [key]: IDENTIFICATION_FLOORS[key] })).toEqual([]);
    expect(
      loosenedRows({ 'clinical:personal-data': { member: ['login'], patient: ['idporten-high'], guest: ['name'] } }),
    ).toEqual([{ key: 'clinical:personal-data', audience: 'member' }]);
    expect(
      loosenedRows({ 'internal:no-personal-data': { member: ['passkey'], patient: ['name'], guest: ['name'] } }),
    ).toEqual([]);
  });

  it('applies an organisation’s tightened row, and the floor elsewhere', () => {
    const row = { member: ['passkey' as const], patient: ['idporten-high' as const], guest: ['name' as const] };
    expect(requirementsFor('consultation', false, { 'consultation:no-personal-data': row })).toEqual(row);
    expect(requirementsFor('external', false, { 'consultation:no-personal-data': row })).toEqual(
      IDENTIFICATION_FLOORS['external:no-personal-data'],
    );
  });
});

describe('national identity numbers', () => {
  it('accepts valid fødselsnummer and D-nummer (spaces allowed) and refuses wrong check digits', () => {
    expect(normaliseNationalId('150765 00565')).toBe('15076500565');
    expect(normaliseNationalId('41018036736')).toBe('41018036736');
    expect(normaliseNationalId('15076500566')).toBeNull();
    expect(normaliseNationalId('1507650056')).toBeNull();
    expect(normaliseNationalId('1507650056a')).toBeNull();
  });

  it('refuses any single changed digit of a valid number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (at, delta) => {
        const digits = [...'15076500565'].map(Number);
        digits[at] = ((digits[at] ?? 0) + delta) % 10;
        expect(normaliseNationalId(digits.join(''))).toBeNull();
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => void normaliseNationalId(s)));
  });
});
