/**
 * Headers on every response: a strict Content-Security-Policy (no inline script, no third-party
 * origin), no referrer (the patient's /j/ path carries a token), and no caching of API answers.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';

/** The WebSocket origin matching the public URL (ws: for http:, wss: for https:). */
function socketOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/**
 * The Content-Security-Policy for `config`. `extraConnectOrigins` widens `connect-src` for one
 * page only: the journal summary page may POST to its organisation's EPJ origin (ADR 0019).
 */
export function contentSecurityPolicy(
  config: Pick<Config, 'publicUrl'>,
  extraConnectOrigins: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    ['connect-src', "'self'", socketOrigin(config.publicUrl), ...extraConnectOrigins].join(' '),
    "font-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Adds the security headers to every response of `app`. */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(config),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (config.isSecureCookies) headers['strict-transport-security'] = 'max-age=31536000';
  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(headers);
    if (request.url.startsWith('/api/') || request.url === '/api') void reply.header('cache-control', 'no-store');
  });
}
