import { describe, expect, it } from 'vitest';
import { appointmentKeyOf, reportedVerdict } from './appointment-report.ts';

const KEY = 'Abc-_0123456789abcdefghijklmnopqrstuvwxyzAB';

describe('the equipment test opened from an invitation', () => {
  it('reads the key from the fragment, and only a key of the right shape', () => {
    expect(KEY).toHaveLength(43);
    expect(appointmentKeyOf(`#${KEY}`)).toBe(KEY);
    expect(appointmentKeyOf('')).toBeNull();
    expect(appointmentKeyOf('#')).toBeNull();
    expect(appointmentKeyOf(`#${KEY}x`)).toBeNull();
    expect(appointmentKeyOf(`#${KEY.slice(1)}=`)).toBeNull();
    expect(appointmentKeyOf('#name=Kari%20Nordmann')).toBeNull();
  });

  it('tells the clinic "ok" when the call should work, with or without advice, and "problem" otherwise', () => {
    expect(reportedVerdict('good')).toBe('ok');
    expect(reportedVerdict('warn')).toBe('ok');
    expect(reportedVerdict('bad')).toBe('problem');
  });
});
