import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { isForeignOrigin } from '../auth/origin.ts';

/**
 * Login and setup have no session yet, so no CSRF token: instead, when the browser says where
 * the request comes from (`Origin`), it must be this service — the public URL's origin, or the
 * origin the browser addressed (same-origin by definition).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  if (isForeignOrigin(request, publicUrl)) throw new AppError('FORBIDDEN');
}
