/** The patient's contact as typed, normalised or refused (issue 9): the server stores only these forms. */
import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from '../src/index.ts';

describe('normalisePhone', () => {
  it.each([
    ['91234567', '+4791234567'],
    ['912 34 567', '+4791234567'],
    ['+47 912 34 567', '+4791234567'],
    ['0047 41-23-45-67', '+4741234567'],
    ['(+47) 91234567', '+4791234567'],
    ['+46 70 123 45 67', '+46701234567'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['12345', '+47 1234', '+47 912345678', '912345678', 'ring meg', '+0123456789', '++4791234567', ''])(
    'refuses %j',
    (input) => {
      expect(normalisePhone(input)).toBeNull();
    },
  );
});

describe('normaliseEmail', () => {
  it('lower-cases and trims an address', () => {
    expect(normaliseEmail('  Kari.Nordmann@Example.NO ')).toBe('kari.nordmann@example.no');
  });
  it.each(['kari@', '@example.no', 'kari nordmann@example.no', 'kari@example', `${'a'.repeat(250)}@example.no`])(
    'refuses %j',
    (input) => {
      expect(normaliseEmail(input)).toBeNull();
    },
  );
});
