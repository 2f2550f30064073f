/**
 * Authorization for HTTP routes: `requireUser(role?)` is a preHandler that loads the session from
 * the cookie, refuses cookie-authenticated writes without the matching CSRF header, checks the
 * role, and puts the user on `request.auth`.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { CSRF_HEADER, type UserRole } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { AuthContext } from './context.ts';
import { sessionUserFromCookieHeader } from '../auth/session.ts';
import { isSameSecret } from '../auth/tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A preHandler that admits only a logged-in user (of `role`, when given; admins pass any role check). */
export function requireUser(role?: UserRole): preHandlerAsyncHookHandler {
  return async function authGuard(request) {
    const { storage, now } = request.server.samtale;
    const found = await sessionUserFromCookieHeader(storage, request.headers.cookie, now());
    if (!found) throw new AppError('UNAUTHENTICATED');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !isSameSecret(header, found.session.csrfToken)) {
        throw new AppError('CSRF_INVALID');
      }
    }
    if (role !== undefined && found.user.role !== role && found.user.role !== 'admin') {
      throw new AppError('FORBIDDEN');
    }
    request.auth = found;
  };
}

/** The authenticated user of a request behind `requireUser` (a TypeError if the guard is missing). */
export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new TypeError('route is missing the requireUser preHandler');
  return request.auth;
}
