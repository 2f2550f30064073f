/** Whether a browser request comes from this service's own pages (login, setup, WebSocket upgrade). */
import type { FastifyRequest } from 'fastify';

/**
 * True when the browser says the request comes from another site: an `Origin` that is neither
 * the public URL's origin nor the one the browser addressed (same-origin by definition). No
 * `Origin` (not a browser) is not foreign. Browsers send `Origin` with every WebSocket upgrade
 * and apply no CORS check to it, so the server must (issue 8).
 */
export function isForeignOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = request.headers.host;
  if (host !== undefined) allowed.add(`${request.protocol}://${host}`);
  return !allowed.has(origin);
}
