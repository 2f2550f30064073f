/**
 * The server as a user first meets it: it starts on the embedded database, prints a one-time
 * setup link, and what is set up survives a restart on the same data folder and port.
 */
import { ApiError, logIn } from './fixtures/api.ts';
import { CLINICIAN, expect, test } from './fixtures/test.ts';

test('a first start prints a setup link that creates the admin, and accounts survive a restart on the same port', async ({
  app,
}) => {
  const { server } = app;
  const portBefore = server.port;
  expect(portBefore).toBeGreaterThan(0);
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);

  await server.restart();
  expect(server.port).toBe(portBefore);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  const session = await logIn(server.url, CLINICIAN);
  expect(session.user.role).toBe('clinician');
  await expect(logIn(server.url, { email: CLINICIAN.email, password: 'wrong-password-1' })).rejects.toBeInstanceOf(
    ApiError,
  );
});
