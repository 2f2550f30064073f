/** Sends one command to a running server's admin socket. */
import net from 'node:net';
import type { AdminRequest, AdminResponse } from './commands.ts';

/** The server's answer, or null when no server listens on `socketPath`. */
export function sendAdminCommand(socketPath: string, request: AdminRequest): Promise<AdminResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let data = '';
    let isConnected = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      isConnected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(data) as AdminResponse);
      } catch (err) {
        reject(new Error('The server answered the admin command with something unreadable', { cause: err }));
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!isConnected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(null);
      else reject(err);
    });
  });
}
