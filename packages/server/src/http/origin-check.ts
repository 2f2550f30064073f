import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Login and setup have no session yet, so no CSRF token: instead, when the browser says where
 * the request comes from (`Origin`), it must be this service — the public URL's origin, or the
 * origin the browser addressed (same-origin by definition).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = request.headers.host;
  if (host !== undefined) allowed.add(`${request.protocol}://${host}`);
  if (!allowed.has(origin)) throw new AppError('FORBIDDEN');
}
