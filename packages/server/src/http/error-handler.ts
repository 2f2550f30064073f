/**
 * One place that turns every failure into `{ error: { code, message, retryAfterSeconds? } }`
 * with a code from the protocol's catalogue. Anything that is not an AppError, storage's refusal
 * (StorageError, mapped by `appErrorFrom`) or a known Fastify request error is a bug: it is logged (without request bodies) and answered INTERNAL.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** The 4xx status a library error carries (`statusCode`, as Fastify's and http-errors' do), if any. */
function clientStatusOf(err: unknown): number | null {
  const status = err instanceof Error ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * Maps the request errors of Fastify and its plugins (body parsing, limits, content type,
 * static files) to catalogue codes. Any other 4xx is still the client's fault: it gets the
 * closest code rather than INTERNAL.
 */
function codeForRequestError(err: unknown): ErrorCode | null {
  if (err instanceof SyntaxError) return 'MESSAGE_MALFORMED';
  if (isFastifyError(err)) {
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
  }
  switch (clientStatusOf(err)) {
    case null:
      return null;
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'VALIDATION_FAILED';
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

/**
 * Fastify's `frameworkErrors`: a request it cannot route at all (a URL with broken
 * percent-encoding, FST_ERR_BAD_URL) gets a catalogue code instead of Fastify's own body.
 */
export function answerFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code = codeForRequestError(err) ?? 'VALIDATION_FAILED';
  request.log.warn({ err: { type: err.name, code } }, 'request refused');
  void sendError(reply, code);
}

export interface ErrorHandlerOptions {
  /** A page for a browser asking for an address that does not exist; null: the coded JSON answer. */
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;
}

/** Installs the error and not-found handlers on the root instance. */
export function registerErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((err, request, reply) => {
    const known = appErrorFrom(err);
    if (known !== null) {
      if (known.code === 'INTERNAL') request.log.error({ err: describeBug(known) }, 'internal error');
      return sendError(reply, known.code, known.retryAfterSeconds);
    }
    const code = codeForRequestError(err);
    if (code !== null) {
      // The client's fault: a warning with what kind of error it was, never the request's content.
      request.log.warn({ err: { type: err instanceof Error ? err.name : typeof err, code } }, 'request refused');
      return sendError(reply, code);
    }
    request.log.error({ err: describeBug(err) }, 'unhandled error');
    return sendError(reply, 'INTERNAL');
  });
  app.setNotFoundHandler((request, reply) => options.notFoundPage?.(request, reply) ?? sendError(reply, 'NOT_FOUND'));
}
