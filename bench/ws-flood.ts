/**
 * Issue 7, item 5 ("anonymous WebSocket memory"): what one socket that never joins and never
 * reads its replies costs the server. The real app (buildApp over PGlite in memory) listens in
 * this process; a raw TCP client in the same process sends N masked 7-byte frames (2 header
 * bytes, 4 mask bytes, 1 payload byte) in one write and never reads, so its replies pile up on
 * the server. The client holds only its 7·N-byte write (it reads nothing), so the growth seen
 * here is the server's. Prints heap and RSS (after a full GC) before, after the flood has been
 * read, and after the socket has closed.
 *
 *   npx tsx bench/ws-flood.ts [frames]       (default 300000; WS_FLOOD_FRAMES works too)
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp } from '../packages/server/src/app.ts';
import { InMemoryBus } from '../packages/server/src/cluster/InMemoryBus.ts';
import { loadConfig } from '../packages/server/src/config/config.ts';
import { openStorage } from '../packages/server/src/storage/create-storage.ts';

const frames = Number(process.argv[2] ?? process.env.WS_FLOOD_FRAMES ?? 300_000);

// A full collection without restarting node with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function memory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i += 1) {
    await settle();
    gc();
  }
  return process.memoryUsage();
}

async function until(isDone: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** N client frames (FIN + text, masked, one payload byte 'x'), back to back. */
function floodBytes(count: number): Buffer {
  const frame = Buffer.from([0x81, 0x80 | 1, 1, 2, 3, 4, 'x'.charCodeAt(0) ^ 1]);
  const all = Buffer.allocUnsafe(frame.length * count);
  for (let i = 0; i < count; i += 1) frame.copy(all, i * frame.length);
  return all;
}

/** Opens /ws over a raw socket; resolves once the 101 has arrived, with reading paused for good. */
function openRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    socket.once('error', reject);
    socket.on('data', function onData(chunk: Buffer) {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      else resolve(socket);
    });
    socket.write(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

const storage = await openStorage({ kind: 'pglite-memory' });
await storage.migrate();
const bus = new InMemoryBus();
const app = await buildApp(
  loadConfig({
    DATA_DIR: os.tmpdir(),
    WEB_DIST_DIR: path.join(os.tmpdir(), `samtale-no-web-${randomUUID()}`),
    LOG_LEVEL: 'silent',
  }),
  { storage, bus, logger: false },
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new TypeError('not listening on TCP');
const flood = floodBytes(frames);

// The server's end of the TCP connection, as the upgrade hands it to the WebSocket layer.
const upgraded = new Promise<net.Socket>((resolve) =>
  app.server.once('upgrade', (_request, socket) => resolve(socket as net.Socket)),
);
const before = await memory();
const client = await openRaw(address.port);
const serverTcp = await upgraded;
let isServerClosed = false;
serverTcp.once('close', () => (isServerClosed = true));
const readBefore = serverTcp.bytesRead;
const started = performance.now();
client.write(flood);
// Every frame read by the server (or the server closed the socket, which a bound on its send
// buffer does).
await until(() => serverTcp.bytesRead - readBefore >= flood.length || isServerClosed, 'the server to read the flood');
const floodMs = performance.now() - started;
const buffered = serverTcp.writableLength;
const closedByServer = isServerClosed;
const during = await memory();
client.destroy();
await until(() => isServerClosed, 'the server to close the socket');
const after = await memory();

console.log(`ws-flood: ${frames} frames of 7 bytes from one socket that never joins and never reads`);
console.log(`  read by the server in ${floodMs.toFixed(0)} ms; closed by the server: ${closedByServer ? 'yes' : 'no'}`);
console.log(`  server's TCP write buffer at the end of the flood: ${mb(buffered)}`);
console.log(
  `  heap used: before ${mb(before.heapUsed)}, after the flood +${mb(during.heapUsed - before.heapUsed)}, after close +${mb(after.heapUsed - before.heapUsed)}`,
);
console.log(
  `  RSS:       before ${mb(before.rss)}, after the flood +${mb(during.rss - before.rss)}, after close +${mb(after.rss - before.rss)}`,
);
await app.close();
await bus.close();
await storage.close();
