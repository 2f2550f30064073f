import { describe, expect, it } from 'vitest';
import { IDENTIFICATION_FLOORS, loosenedRows, POLICY_KEYS, type PolicyKey } from '@samtale/protocol';
import {
  choicesOf,
  isSameTable,
  isTightened,
  organisationPolicyOf,
  tableOf,
  toggledRequirement,
  VISIBLE_POLICY_KEYS,
} from './identification-policy-table.ts';

const CLINICAL: PolicyKey = 'clinical:personal-data';

describe('the identification policy table', () => {
  it('offers a clinical patient ID-porten high or an ID check, and refuses a name alone or substantial as below the floor', () => {
    const floor = IDENTIFICATION_FLOORS[CLINICAL].patient;
    const choices = choicesOf('patient', floor, floor);
    expect(choices).toEqual([
      { proof: 'name', isChecked: false, refusal: 'belowFloor' },
      { proof: 'idporten-substantial', isChecked: false, refusal: 'belowFloor' },
      { proof: 'idporten-high', isChecked: true, refusal: null },
      { proof: 'id-shown-in-video', isChecked: true, refusal: null },
    ]);
  });

  it('lets a clinical patient rule be tightened to ID-porten high only, which then cannot be unticked', () => {
    const floor = IDENTIFICATION_FLOORS[CLINICAL].patient;
    const tightened = toggledRequirement('patient', floor, floor, 'id-shown-in-video');
    expect(tightened).toEqual(['idporten-high']);
    expect(choicesOf('patient', tightened, floor).find((c) => c.proof === 'idporten-high')?.refusal).toBe('lastOne');
    expect(toggledRequirement('patient', tightened, floor, 'idporten-high')).toEqual(['idporten-high']);
  });

  it('does not add a proof below the floor even when asked to', () => {
    const floor = IDENTIFICATION_FLOORS[CLINICAL].member;
    expect(toggledRequirement('member', floor, floor, 'login')).toEqual(floor);
  });

  it('keeps the shown order when a proof is ticked again', () => {
    const floor = IDENTIFICATION_FLOORS['consultation:personal-data'].patient;
    const a = toggledRequirement('patient', floor, floor, 'id-shown-in-video');
    expect(toggledRequirement('patient', a, floor, 'idporten-high')).toEqual([
      'name',
      'idporten-high',
      'id-shown-in-video',
    ]);
  });

  it('stores only the rows that differ from their floor, and every table it can make passes the server check', () => {
    const table = tableOf({});
    expect(organisationPolicyOf(table)).toEqual({});
    const floor = IDENTIFICATION_FLOORS[CLINICAL].patient;
    table[CLINICAL] = { ...table[CLINICAL], patient: toggledRequirement('patient', floor, floor, 'id-shown-in-video') };
    const policy = organisationPolicyOf(table);
    expect(Object.keys(policy)).toEqual([CLINICAL]);
    expect(isTightened(CLINICAL, table[CLINICAL])).toBe(true);
    expect(loosenedRows(policy)).toEqual([]);
    expect(isSameTable(tableOf(policy), table)).toBe(true);
    expect(isSameTable(tableOf({}), table)).toBe(false);
  });

  it('never offers a loosening: for every row and role, each tickable proof keeps the rule at or above its floor', () => {
    for (const key of POLICY_KEYS) {
      for (const audience of ['member', 'patient', 'guest'] as const) {
        const floor = IDENTIFICATION_FLOORS[key][audience];
        for (const choice of choicesOf(audience, floor, floor)) {
          const next = toggledRequirement(audience, floor, floor, choice.proof);
          expect(loosenedRows({ [key]: { ...IDENTIFICATION_FLOORS[key], [audience]: next } })).toEqual([]);
        }
      }
    }
  });

  it('shows a clinical meeting once (it always has personal data)', () => {
    expect(VISIBLE_POLICY_KEYS).not.toContain('clinical:no-personal-data');
    expect(VISIBLE_POLICY_KEYS).toContain(CLINICAL);
  });
});
