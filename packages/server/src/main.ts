/**
 * Starts Samtale: reads the environment, opens and migrates storage, builds the app, listens.
 * The only place that exits the process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { createStorage } from './storage/create-storage.ts';
import { InMemoryBus } from './cluster/InMemoryBus.ts';
import { buildApp } from './app.ts';
import { createSfu } from './media/sfu/create-sfu.ts';
import { issueSetupToken } from './admin/setup-token.ts';
import { acquireDataDirLock, adminSocketPath } from './admin/data-dir-lock.ts';
import { startAdminSocket } from './admin/admin-socket.ts';
import { retentionDefaults } from './retention/defaults.ts';

/** Longest a shutdown may take (closing sockets, Janus, the database) before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 15_000;

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

function readConfig(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      fail(['Samtale cannot start: the configuration is invalid.', ...err.problems.map((p) => `  - ${p}`)]);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  let config = readConfig(process.env);
  const isEmbedded = config.databaseUrl === null;

  const lock = isEmbedded ? await acquireDataDirLock(config.dataDir) : null;
  if (lock && 'heldBy' in lock) {
    fail([`Samtale cannot start: another Samtale process (pid ${lock.heldBy}) is using ${config.dataDir}.`]);
  }
  const releaseLock = lock && 'release' in lock ? lock.release : async () => undefined;

  const storage = await createStorage(config);
  await storage.migrate();

  // Listen before building, so that with PORT=0 the links and the CSP carry the real port.
  const server = http.createServer();
  // Refuse connections until the app is ready: a request (e.g. a client reconnecting right after
  // a restart) reaching the half-built Fastify app crashes the process. Clients retry.
  let isReady = false;
  server.on('connection', (socket) => {
    if (!isReady) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  if (process.env.PUBLIC_URL === undefined && port !== config.port) {
    config = readConfig({ ...process.env, PORT: String(port) });
  }

  const bus = new InMemoryBus();
  const app = await buildApp(config, {
    storage,
    bus,
    serverFactory: (handler) => server.on('request', handler),
    // JANUS_URL, else a local Janus we supervise, else none (the server still starts).
    sfu: (log) => createSfu(config, log),
  });
  await app.ready();
  isReady = true;

  const adminSocket = isEmbedded
    ? await startAdminSocket(adminSocketPath(config.dataDir), storage, app.log, {
        retentionDefaults: retentionDefaults(config),
        jobRetentionDays: config.jobRetentionDays,
      })
    : null;

  process.stdout.write(`Samtale is running at ${config.publicUrl}\n`);
  if ((await storage.users.countAdmins()) === 0) {
    const token = await issueSetupToken(storage);
    // In the fragment, so the token is never sent to (or logged by) any server.
    process.stdout.write(`Create the first administrator: ${config.publicUrl}/setup#${token}\n`);
  }

  // A process manager that signals the whole process group (systemd's KillMode=control-group,
  // Docker, Ctrl-C in a terminal) reaches this process twice: directly, and through
  // scripts/start.mjs, which forwards what it gets. Every later signal is therefore ignored, with
  // the handler kept (`once` would leave the second one to Node's default: exit at once, with no
  // shutdown). A shutdown that hangs ends with exit 1 after SHUTDOWN_DEADLINE_MS instead.
  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    setTimeout(() => {
      process.stderr.write(`Samtale did not shut down within ${SHUTDOWN_DEADLINE_MS} ms; exiting.\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.log.info({ signal }, 'shutting down');
    await adminSocket?.close();
    await app.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bus.close();
    await storage.close();
    await releaseLock();
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((err: unknown) => {
  process.stderr.write(`Samtale failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
