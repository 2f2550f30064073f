/**
 * The built web app: hashed assets are cached for a year, index.html never (so a deploy is seen
 * at once), and the app's page paths all answer index.html (the client routes). Without a build,
 * those pages answer 503 with what to do. An address that is no page, asked for by a browser,
 * gets the app too, with status 404: it shows its own not-found page in the person's language.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { isAcceptableEpjUrl } from '@samtale/protocol';
import { sendError } from './error-handler.ts';
import { sessionUserFromCookieHeader } from '../auth/session.ts';
import { contentSecurityPolicy } from './security-headers.ts';

/** Paths the single-page app routes itself. */
export const PAGE_ROUTES = [
  '/',
  '/login',
  '/setup',
  '/admin',
  '/account',
  '/c/*',
  '/m/*',
  '/j/*',
  '/summary/*',
  '/test',
  '/tilgjengelighet',
] as const;

/** Paths that never answer a page: the API, the WebSocket and the built files keep coded JSON. */
const NOT_PAGES = /^\/(api|ws|assets)(\/|$|\?)/;

/**
 * The root not-found answer for a browser's page request (GET or HEAD of an HTML page outside
 * the API): the app with status 404. Returns null for anything else, which gets coded JSON.
 */
export function notFoundPage(
  webDistDir: string,
): (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null {
  return (request, reply) => {
    const isPageRequest =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !NOT_PAGES.test(request.url) &&
      (request.headers.accept ?? '').includes('text/html');
    const indexFile = path.join(webDistDir, 'index.html');
    if (!isPageRequest || !existsSync(indexFile)) return null;
    // The root context has no `sendFile` (the static plugin lives in this plugin's scope).
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(createReadStream(indexFile));
  };
}

const NOT_BUILT =
  'The Samtale web app has not been built. Run `npm run build` (or `npm start`, which builds it), then reload this page.\n';

export const webRoutes: FastifyPluginAsync = async (app) => {
  const { webDistDir } = app.samtale.config;
  const indexFile = path.join(webDistDir, 'index.html');

  // The static files answer a folder (`/assets/`), a path that climbs out of the web folder and
  // one with a NUL byte with a 403 of their own: none of them names a file we serve. Other
  // errors go on to the root handler.
  app.setErrorHandler((err, _request, reply) => {
    if ((err as { statusCode?: unknown }).statusCode === 403) return sendError(reply, 'NOT_FOUND');
    throw err;
  });

  if (existsSync(webDistDir)) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      index: false,
      wildcard: true,
      setHeaders(reply, filePath) {
        const isHashedAsset = filePath.includes(`${path.sep}assets${path.sep}`);
        const isIndex = path.basename(filePath) === 'index.html';
        void reply.header(
          'cache-control',
          isIndex ? 'no-store' : isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  const sendPage = (reply: FastifyReply) => {
    if (!existsSync(indexFile)) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.sendFile('index.html', webDistDir, { cacheControl: false });
  };
  /**
   * The summary page's CSP allows exactly its organisation's EPJ origin, so the page may POST
   * the FHIR summary there (ADR 0019). A CSP belongs to the document: the page is always loaded
   * as a document of its own (a full navigation), never reached by in-app routing.
   */
  const epjOrigins = async (request: FastifyRequest): Promise<string[]> => {
    const { storage, now } = app.samtale;
    const found = await sessionUserFromCookieHeader(storage, request.headers.cookie, now());
    if (!found) return [];
    const url = (await storage.journalSettings.get(found.user.organisationId))?.epjFhirUrl;
    return url && isAcceptableEpjUrl(url) ? [new URL(url).origin] : [];
  };
  for (const route of PAGE_ROUTES) {
    app.get(route, async (request, reply) => {
      if (route === '/summary/*') {
        const origins = await epjOrigins(request);
        if (origins.length > 0)
          void reply.header('content-security-policy', contentSecurityPolicy(app.samtale.config, origins));
      }
      return sendPage(reply);
    });
  }
};
