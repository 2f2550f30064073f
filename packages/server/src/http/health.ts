/** Liveness and readiness for load balancers and orchestrators. */
import type { FastifyPluginAsync } from 'fastify';
import { PROTOCOL_VERSION, type ClientConfig } from '@samtale/protocol';
import { AppError } from '../errors.ts';

const READY_TIMEOUT_MS = 2000;

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async () => {
    const { storage } = app.samtale;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('database did not answer in time')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([storage.ping(), timeout]);
    } catch (err) {
      throw new AppError('NOT_READY', { cause: err });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ready' };
  });

  app.get('/api/config', async (): Promise<ClientConfig> => {
    const { config } = app.samtale;
    return { meshMax: config.meshMax, iceServers: [...config.iceServers], protocolVersion: PROTOCOL_VERSION };
  });
};
