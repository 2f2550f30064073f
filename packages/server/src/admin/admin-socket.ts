/**
 * The running server's admin socket: a Unix socket in DATA_DIR (mode 0600, so only the owner of
 * the data may use it) answering one JSON request per connection, one line each way. It lets the
 * CLI act while the server holds the embedded database.
 */
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../storage/types.ts';
import { AdminRequest, runAdminCommand, type AdminOptions, type AdminResponse } from './commands.ts';

const MAX_REQUEST_BYTES = 64 * 1024;

async function answer(
  storage: Storage,
  line: string,
  log: FastifyBaseLogger,
  options: AdminOptions,
): Promise<AdminResponse> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, error: { code: 'MESSAGE_MALFORMED', message: 'The request is not JSON.' } };
  }
  const request = AdminRequest.safeParse(parsed);
  if (!request.success) return { ok: false, error: { code: 'MESSAGE_INVALID', message: 'Unknown admin command.' } };
  try {
    return await runAdminCommand(storage, request.data, options);
  } catch (err) {
    log.error(
      {
        err: {
          type: err instanceof Error ? err.name : typeof err,
          stack: err instanceof Error ? err.stack : undefined,
        },
      },
      'admin command failed',
    );
    return { ok: false, error: { code: 'INTERNAL', message: 'The command failed on the server; see its log.' } };
  }
}

/** Listens on `socketPath`; resolves with a close function once listening. */
export async function startAdminSocket(
  socketPath: string,
  storage: Storage,
  log: FastifyBaseLogger,
  options: AdminOptions,
): Promise<{ close: () => Promise<void> }> {
  // A socket file left by a crashed server would make listen fail; the data-dir lock proves it is stale.
  await unlink(socketPath).catch(() => undefined);
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) {
        socket.destroy();
        return;
      }
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      socket.pause();
      void answer(storage, buffer.slice(0, newline), log, options).then((response) =>
        socket.end(`${JSON.stringify(response)}\n`),
      );
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void unlink(socketPath).catch(() => undefined);
      }),
  };
}
