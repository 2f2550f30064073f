/**
 * Logger options: never log cookies, credentials or the CSRF header; rewrite tokens in URLs
 * (`/j/<token>`, `/setup#<token>`) before a URL is logged; never log bodies (names, emails).
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
export function loggerOptions(config: Pick<Config, 'logLevel'>): Record<string, unknown> {
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
        return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}
