import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../storage/errors.ts';
import { registerErrorHandlers } from './error-handler.ts';

describe('the HTTP error handler with storage refusals', () => {
  const app = Fastify({ logger: false });
  beforeAll(async () => {
    registerErrorHandlers(app);
    app.get('/taken', () => {
      throw new StorageError('conflict', 'user', { field: 'email' });
    });
    app.get('/gone', () => {
      throw new StorageError('not-found', 'participant');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a taken email 409 EMAIL_TAKEN', async () => {
    const r = await app.inject({ method: 'GET', url: '/taken' });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: { code: 'EMAIL_TAKEN' } });
  });

  it('answers a missing participant 404 PARTICIPANT_NOT_FOUND', async () => {
    const r = await app.inject({ method: 'GET', url: '/gone' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: { code: 'PARTICIPANT_NOT_FOUND' } });
  });
});
