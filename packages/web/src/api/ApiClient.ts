import type { ErrorCode } from '@samtale/protocol';

// The header name is duplicated from @samtale/protocol (CSRF_HEADER) on purpose: importing a
// value from the protocol package pulls zod into the patient's first load.
const CSRF_HEADER = 'x-csrf-token';

/** A failed API call, keyed by the protocol's error code ('NETWORK' when no answer came). */
export class ApiRequestError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  readonly retryAfterSeconds: number | null;
  constructor(
    code: ErrorCode | 'NETWORK',
    status: number,
    message: string,
    retryAfterSeconds: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Checks an answer's shape (a zod schema's `parse` on clinician pages); throws when it does not match. */
export type Parse<T> = (value: unknown) => T;

export interface ApiClient {
  get: <T>(path: string, parse: Parse<T>) => Promise<T>;
  /** POST with JSON; carries the CSRF token when the user is logged in. */
  post: <T>(path: string, body: unknown, parse: Parse<T>) => Promise<T>;
  /** PUT with JSON (replaces a resource); carries the CSRF token like POST. */
  put: <T>(path: string, body: unknown, parse: Parse<T>) => Promise<T>;
  /** POST whose answer has no body (204). */
  postEmpty: (path: string, body?: unknown) => Promise<void>;
  /** POST that may answer 204 (undefined) or a body. */
  postOptional: <T>(path: string, body: unknown, parse: Parse<T>) => Promise<T | undefined>;
  setCsrfToken: (token: string | null) => void;
}

interface ErrorBody {
  error?: { code?: string; message?: string; retryAfterSeconds?: number };
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export function createApiClient(fetchImpl: typeof fetch): ApiClient {
  let csrfToken: string | null = null;

  async function send<T>(method: string, path: string, body: unknown, parse: Parse<T> | null): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new ApiRequestError('NETWORK', 0, 'The server could not be reached.', null, { cause });
    }
    if (response.status === 204) return undefined;
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = isErrorBody(parsed) ? parsed.error : undefined;
      const code = (error?.code ?? 'INTERNAL') as ErrorCode;
      throw new ApiRequestError(
        code,
        response.status,
        error?.message ?? response.statusText,
        error?.retryAfterSeconds ?? null,
      );
    }
    if (!parse) return undefined;
    try {
      return parse(parsed);
    } catch (cause) {
      throw new ApiRequestError('INTERNAL', response.status, 'The server answered in an unexpected form.', null, {
        cause,
      });
    }
  }

  async function expect<T>(promise: Promise<T | undefined>): Promise<T> {
    const value = await promise;
    if (value === undefined) throw new ApiRequestError('INTERNAL', 204, 'The server sent no answer.', null);
    return value;
  }

  return {
    get: (path, parse) => expect(send('GET', path, undefined, parse)),
    post: (path, body, parse) => expect(send('POST', path, body, parse)),
    put: (path, body, parse) => expect(send('PUT', path, body, parse)),
    postOptional: (path, body, parse) => send('POST', path, body, parse),
    postEmpty: async (path, body) => {
      await send('POST', path, body ?? {}, null);
    },
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}
