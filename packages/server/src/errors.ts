import { ERROR_CATALOGUE, type ErrorCode } from '@samtale/protocol';

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

/** True when `err` is an AppError. */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
