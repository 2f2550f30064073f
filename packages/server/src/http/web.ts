/**
 * The built web app: hashed assets are cached for a year, index.html never (so a deploy is seen
 * at once), and the app's page paths all answer index.html (the client routes). Without a build,
 * those pages answer 503 with what to do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendError } from './error-handler.ts';

/** Paths the single-page app routes itself. */
export const PAGE_ROUTES = ['/', '/setup', '/admin', '/c/*', '/j/*', '/summary/*'] as const;

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
  for (const route of PAGE_ROUTES) app.get(route, async (_request, reply) => sendPage(reply));
};
