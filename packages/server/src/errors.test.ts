import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '@samtale/protocol';
import { AppError, appErrorFrom, codeForStorageError } from './errors.ts';
import { StorageError } from './storage/errors.ts';

describe('what a client is told about an error', () => {
  it('tells of a taken email as EMAIL_TAKEN (409), keeping storage refusal as the cause', () => {
    const refusal = new StorageError('conflict', 'user', { field: 'email', cause: new Error('23505') });
    const told = appErrorFrom(refusal);
    expect(told).toBeInstanceOf(AppError);
    expect(told).toMatchObject({ code: 'EMAIL_TAKEN', status: 409, message: ERROR_CATALOGUE.EMAIL_TAKEN.message });
    expect(told?.cause).toBe(refusal);
  });

  it('tells of a missing participant as PARTICIPANT_NOT_FOUND (404)', () => {
    expect(appErrorFrom(new StorageError('not-found', 'participant'))).toMatchObject({
      code: 'PARTICIPANT_NOT_FOUND',
      status: 404,
    });
  });

  it('uses the record’s own not-found code where the catalogue has one, else NOT_FOUND', () => {
    expect(codeForStorageError(new StorageError('not-found', 'consultation'))).toBe('CONSULTATION_NOT_FOUND');
    expect(codeForStorageError(new StorageError('not-found', 'invitation'))).toBe('INVITATION_INVALID');
    expect(codeForStorageError(new StorageError('not-found', 'setting'))).toBe('NOT_FOUND');
  });

  it('tells of any other conflict as INVALID_STATE (409), not as a taken email', () => {
    expect(codeForStorageError(new StorageError('conflict', 'consultation'))).toBe('INVALID_STATE');
    expect(codeForStorageError(new StorageError('conflict', 'user', { field: 'id' }))).toBe('INVALID_STATE');
  });

  it('passes an AppError on as it is, and gives nothing for a bug (answered INTERNAL by the shell)', () => {
    const refused = new AppError('NOT_HOST');
    expect(appErrorFrom(refused)).toBe(refused);
    expect(appErrorFrom(new TypeError('bug'))).toBeNull();
    expect(appErrorFrom({ code: 'EMAIL_TAKEN' })).toBeNull();
  });
});
