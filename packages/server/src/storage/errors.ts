/**
 * Storage's own errors. Storage sits below the shell and knows nothing of the catalogue's codes or
 * HTTP statuses: it says what went wrong with which record, and the shell (errors.ts
 * `appErrorFrom`) decides what a client is told (issue 7).
 */

/** What went wrong: a uniqueness rule refused a write, or the record to change does not exist. */
export type StorageErrorKind = 'conflict' | 'not-found';

/** The kind of record, in the domain's words (not table names). */
export type StorageEntity =
  | 'organisation'
  | 'user'
  | 'session'
  | 'consultation'
  | 'participant'
  | 'invitation'
  | 'setting'
  | 'audit event'
  | 'appointment'
  | 'helseid member';

/** A refusal by storage that callers may expect and handle; anything else storage throws is a bug. */
export class StorageError extends Error {
  readonly kind: StorageErrorKind;
  readonly entity: StorageEntity;
  /** The field whose uniqueness was violated (for `conflict`), e.g. `email`. */
  readonly field: string | undefined;

  constructor(kind: StorageErrorKind, entity: StorageEntity, options: { field?: string; cause?: unknown } = {}) {
    const what = options.field === undefined ? entity : `${entity} ${options.field}`;
    super(kind === 'conflict' ? `The ${what} is already taken` : `The ${entity} does not exist`, {
      cause: options.cause,
    });
    this.name = 'StorageError';
    this.kind = kind;
    this.entity = entity;
    this.field = options.field;
  }
}

/** True when `err` is a StorageError. */
export function isStorageError(err: unknown): err is StorageError {
  return err instanceof StorageError;
}
