import { describe, expect, it } from 'vitest';
import { MediaAccessError, toMediaAccessError } from './media-access-error.ts';

function domError(name: string): Error {
  const error = new Error(`simulated ${name}`);
  error.name = name;
  return error;
}

describe('toMediaAccessError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'unknown'],
  ] as const)('reports %s from getUserMedia as %s, keeping the original as cause', (name, kind) => {
    const original = domError(name);
    const mapped = toMediaAccessError(original);
    expect(mapped).toBeInstanceOf(MediaAccessError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.cause).toBe(original);
  });

  it('reports something that is not an error at all as unknown', () => {
    expect(toMediaAccessError('boom').kind).toBe('unknown');
  });
});
