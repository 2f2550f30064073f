/**
 * Logger options: never log cookies, credentials or the CSRF header; rewrite tokens in URLs
 * (`/j/<token>`, `/setup#<token>`) before a URL is logged; never log bodies (names, emails).
 * Client IP addresses stay out too (issue 8, personal data) unless LOG_CLIENT_IP turns them on for
 * debugging: pino's request id (`reqId`) ties a request's lines together without them.
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from './config/config.ts';

/** `url` with invitation tokens and fragments replaced, safe to log. */
export function redactUrl(url: string): string {
  return url
    .replace(/#.*$/s, '#[redacted]')
    .replace(/\/j\/[^/?#]*/g, '/j/[redacted]')
    .replace(/([?&](?:token|setupToken|invitationToken)=)[^&#]*/gi, '$1[redacted]');
}

/** pino options for Fastify's logger. */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logClientIp'>): Record<string, unknown> {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        'headers["x-csrf-token"]',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          ...(config.logClientIp ? { remoteAddress: request.ip } : {}),
        };
      },
    },
  };
}
