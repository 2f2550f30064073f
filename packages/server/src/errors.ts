import { ERROR_CATALOGUE, type ErrorCode } from '@samtale/protocol';
import { StorageError, type StorageEntity } from './storage/errors.ts';

/**
 * An error a person or client should see, with a stable code from the protocol's catalogue.
 * Anything else thrown inside a handler is a bug and is answered with INTERNAL.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, options: { message?: string; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(options.message ?? ERROR_CATALOGUE[code].message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The catalogue's code for a record that does not exist; NOT_FOUND where it has none of its own. */
const NOT_FOUND_CODES: Partial<Record<StorageEntity, ErrorCode>> = {
  consultation: 'CONSULTATION_NOT_FOUND',
  participant: 'PARTICIPANT_NOT_FOUND',
  invitation: 'INVITATION_INVALID',
};

/** The catalogue's code for storage's refusal. */
export function codeForStorageError(err: StorageError): ErrorCode {
  switch (err.kind) {
    case 'conflict':
      return err.entity === 'user' && err.field === 'email' ? 'EMAIL_TAKEN' : 'INVALID_STATE';
    case 'not-found':
      return NOT_FOUND_CODES[err.entity] ?? 'NOT_FOUND';
  }
}

/**
 * What a client is told about `err`: the AppError itself, storage's refusal mapped to the
 * catalogue (keeping the StorageError as `cause`), or null for anything else (a bug: INTERNAL).
 */
export function appErrorFrom(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof StorageError) return new AppError(codeForStorageError(err), { cause: err });
  return null;
}
