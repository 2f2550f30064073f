import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BillingCode, BillingTable } from '@samtale/protocol';
import {
  billingFactsOf,
  codeApplies,
  isInWindow,
  osloMinuteOfDay,
  suggestCodes,
  type BillingFacts,
} from './billing-match.ts';
import { FACTS, TABLE } from './journal-fixtures.fixture.ts';

const flag = fc.option(fc.boolean(), { nil: undefined });
const arbCode: fc.Arbitrary<BillingCode> = fc.record({
  profession: fc.constantFrom('LE', 'FT', 'PS'),
  code: fc.stringMatching(/^[0-9a-z]{1,6}$/),
  label: fc.constant('x'),
  conditions: fc
    .record({
      video: flag,
      evening: flag,
      interdisciplinary: flag,
      interpreter: flag,
      gpWithSpecialist: flag,
      minDurationMinutes: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      maxDurationMinutes: fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
    })
    .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined))),
  source: fc.constant('test'),
  sourceDate: fc.constant('2026-07-01'),
  isConfirmed: fc.boolean(),
});
const arbFacts: fc.Arbitrary<BillingFacts> = fc.record({
  profession: fc.option(fc.constantFrom('LE', 'FT', 'PS'), { nil: null }),
  durationMinutes: fc.integer({ min: 0, max: 300 }),
  isVideo: fc.boolean(),
  isEvening: fc.boolean(),
  isInterdisciplinary: fc.boolean(),
  hasInterpreter: fc.boolean(),
  isGpWithSpecialist: fc.boolean(),
});
const table = (codes: BillingCode[]): BillingTable => ({ ...TABLE, codes });

/** The conditions of `code` that `facts` break, checked one by one (the matcher's specification). */
function broken(code: BillingCode, facts: BillingFacts): string[] {
  const c = code.conditions;
  const out: string[] = [];
  if (code.profession !== facts.profession) out.push('profession');
  if (c.video !== undefined && c.video !== facts.isVideo) out.push('video');
  if (c.evening !== undefined && c.evening !== facts.isEvening) out.push('evening');
  if (c.interdisciplinary !== undefined && c.interdisciplinary !== facts.isInterdisciplinary)
    out.push('interdisciplinary');
  if (c.interpreter !== undefined && c.interpreter !== facts.hasInterpreter) out.push('interpreter');
  if (c.gpWithSpecialist !== undefined && c.gpWithSpecialist !== facts.isGpWithSpecialist) out.push('gp');
  if (c.minDurationMinutes !== undefined && facts.durationMinutes < c.minDurationMinutes) out.push('min');
  if (c.maxDurationMinutes !== undefined && facts.durationMinutes > c.maxDurationMinutes) out.push('max');
  return out;
}

describe('the billing-code matcher', () => {
  it('suggests exactly the codes none of whose conditions the facts break, in table order', () => {
    fc.assert(
      fc.property(fc.array(arbCode, { maxLength: 12 }), arbFacts, (codes, facts) => {
        const suggested = suggestCodes(table(codes), facts);
        expect(suggested).toEqual(codes.filter((c) => broken(c, facts).length === 0));
      }),
      { seed: 9019, numRuns: 500 },
    );
  });

  it('never suggests a code for another profession, nor any code before the profession is known', () => {
    fc.assert(
      fc.property(fc.array(arbCode, { maxLength: 12 }), arbFacts, (codes, facts) => {
        for (const code of suggestCodes(table(codes), facts)) expect(code.profession).toBe(facts.profession);
        expect(suggestCodes(table(codes), { ...facts, profession: null })).toEqual([]);
      }),
      { seed: 9019 },
    );
  });

  it('treats a code without conditions as applying to every consultation of its profession', () => {
    fc.assert(
      fc.property(arbCode, arbFacts, (code, facts) => {
        expect(codeApplies({ ...code, conditions: {} }, { ...facts, profession: code.profession })).toBe(true);
      }),
      { seed: 9019 },
    );
  });

  it('splits the day into evening and daytime exactly once per minute, wrapping midnight', () => {
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(hhmm, hhmm, fc.integer({ min: 0, max: 1439 }), (from, to, minute) => {
        fc.pre(from !== to);
        expect(isInWindow({ from, to }, minute)).toBe(!isInWindow({ from: to, to: from }, minute));
      }),
      { seed: 9019 },
    );
    expect(isInWindow({ from: '16:00', to: '08:00' }, 16 * 60)).toBe(true);
    expect(isInWindow({ from: '16:00', to: '08:00' }, 8 * 60)).toBe(false);
    expect(isInWindow({ from: '16:00', to: '08:00' }, 2 * 60)).toBe(true);
  });

  it('reads the time of day in Norway, summer and winter', () => {
    expect(osloMinuteOfDay(new Date('2030-01-15T15:30:00Z'))).toBe(16 * 60 + 30);
    expect(osloMinuteOfDay(new Date('2030-07-15T15:30:00Z'))).toBe(17 * 60 + 30);
  });

  it('takes the facts from the call: profession, length, start and the roles that took part', () => {
    const facts = billingFactsOf(FACTS, new Date('2030-01-15T10:00:00Z'));
    expect(facts).toEqual({
      profession: 'LE',
      durationMinutes: 19,
      isVideo: true,
      isEvening: false,
      isInterdisciplinary: false,
      hasInterpreter: true,
      isGpWithSpecialist: false,
    });
    expect(suggestCodes(TABLE, facts).map((c) => c.code)).toEqual(['2ae', '7']);
    // Started at 17:05 in Oslo: the evening code instead.
    const evening = billingFactsOf(
      { ...FACTS, startedAt: '2030-01-15T16:05:00.000Z', endedAt: '2030-01-15T16:20:00.000Z' },
      new Date(),
    );
    expect(suggestCodes(TABLE, evening).map((c) => c.code)).toEqual(['2aek', '7']);
    // A profession the table has no codes for is not guessed.
    expect(billingFactsOf({ ...FACTS, host: { ...FACTS.host, profession: 'XX' } }, new Date()).profession).toBeNull();
  });
});
