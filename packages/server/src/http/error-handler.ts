/**
 * One place that turns every failure into `{ error: { code, message, retryAfterSeconds? } }`
 * with a code from the protocol's catalogue. Anything that is not an AppError, storage's refusal
 * (StorageError, mapped by `appErrorFrom`) or a known Fastify request error is a bug: it is logged (without request bodies) and answered INTERNAL.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CATALOGUE, type ApiError, type ErrorCode } from '@samtale/protocol';
import { appErrorFrom } from '../errors.ts';

/** Sends a coded error answer. */
export function sendError(reply: FastifyReply, code: ErrorCode, retryAfterSeconds?: number): FastifyReply {
  const body: ApiError = {
    error: {
      code,
      message: ERROR_CATALOGUE[code].message,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    },
  };
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(ERROR_CATALOGUE[code].status).type('application/json; charset=utf-8').send(body);
}

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).code === 'string';
}

/** Maps Fastify's own request errors (body parsing, limits, content type) to catalogue codes. */
function codeForRequestError(err: unknown): ErrorCode | null {
  if (err instanceof SyntaxError) return 'MESSAGE_MALFORMED';
  if (!isFastifyError(err)) return null;
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'MESSAGE_MALFORMED';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'VALIDATION_FAILED';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
  }
  switch (err.statusCode) {
    case 400:
      return 'VALIDATION_FAILED';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return null;
  }
}

/**
 * What of an unexpected error goes to the log: its kind, code and stack — not the driver's
 * extra fields, which can quote the offending values (e.g. PostgreSQL's `detail`).
 */
function describeBug(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, ...(typeof code === 'string' ? { code } : {}), stack: err.stack };
}

/** Installs the error and not-found handlers on the root instance. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const known = appErrorFrom(err);
    if (known !== null) {
      if (known.code === 'INTERNAL') request.log.error({ err: describeBug(known) }, 'internal error');
      return sendError(reply, known.code, known.retryAfterSeconds);
    }
    const code = codeForRequestError(err);
    if (code !== null) return sendError(reply, code);
    request.log.error({ err: describeBug(err) }, 'unhandled error');
    return sendError(reply, 'INTERNAL');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 'NOT_FOUND'));
}
