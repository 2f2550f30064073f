/**
 * Our server's CPU per join (issue 3: at most 5 ms): the real app (buildApp, PGlite in memory)
 * listens on port 0 in this process; a child process (bench/join-clients.ts) opens the sockets, so
 * `process.cpuUsage()` here counts the server alone. A join is a patient opening a socket, joining
 * by invitation link, waiting, being admitted by the host (already connected), and receiving
 * `admitted`. Floor: the same number of bare `ws` connect + one message echo on a plain server.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { buildApp } from '../packages/server/src/app.ts';
import { InMemoryBus } from '../packages/server/src/cluster/InMemoryBus.ts';
import { newConsultation, seedClinic, testConfig } from '../packages/server/src/signaling/test-fixtures.ts';
import { openStorage } from '../packages/server/src/storage/create-storage.ts';

export interface CpuWindow {
  /** Server CPU (user + system) per operation, ms. */
  cpuMsPerOp: number;
  /** Event-loop utilization over the window, 0..1. */
  eventLoopUtilization: number;
  /** Client-observed time per operation, ms (median). */
  medianLatencyMs: number;
}

type FromClients = { kind: 'ready' } | { kind: 'done'; ms: number[] };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs the clients' command; measures this process between their 'ready' and 'done'. */
async function measureWindow(command: object, operations: number): Promise<CpuWindow> {
  const child = fork(path.join(import.meta.dirname, 'join-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const result = new Promise<CpuWindow>((resolve, reject) => {
      let cpu: NodeJS.CpuUsage | undefined;
      let elu: ReturnType<typeof performance.eventLoopUtilization> | undefined;
      child.on('message', (message: FromClients) => {
        if (message.kind === 'ready') {
          cpu = process.cpuUsage();
          elu = performance.eventLoopUtilization();
          child.send({ kind: 'go' });
          return;
        }
        const used = process.cpuUsage(cpu);
        resolve({
          cpuMsPerOp: (used.user + used.system) / 1000 / operations,
          eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
          medianLatencyMs: median(message.ms),
        });
      });
      void exited.then((code) => reject(new Error(`the bench clients exited (${String(code)}) before reporting`)));
    });
    child.send(command);
    return await result;
  } finally {
    child.kill();
    await exited;
  }
}

/**
 * `joins` invitation joins through the real app. PGlite runs the database inside the server
 * process, so its CPU counts here (with PostgreSQL it would be in another process).
 */
export async function measureJoinCpu(joins: number): Promise<CpuWindow> {
  const storage = await openStorage({ kind: 'pglite-memory' });
  await storage.migrate();
  const bus = new InMemoryBus();
  const app = await buildApp(testConfig(), { storage, bus, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new TypeError('the app is not listening on TCP');
    const clinic = await seedClinic(storage);
    const consultations: { id: string; token: string }[] = [];
    for (let i = 0; i < joins; i++) {
      const { consultation, link } = await newConsultation(storage, clinic);
      consultations.push({ id: consultation.id, token: await link() });
    }
    return await measureWindow(
      { kind: 'joins', url: `ws://127.0.0.1:${address.port}/ws`, hostCookie: clinic.clinician.cookie, consultations },
      joins,
    );
  } finally {
    await app.close();
    await bus.close();
    await storage.close();
  }
}

/** The floor: `count` bare WebSocket connections, each echoing one message, on a plain `ws` server. */
export async function measureBareWebSocketCpu(count: number): Promise<CpuWindow> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) =>
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })),
  );
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new TypeError('the floor server is not listening on TCP');
    return await measureWindow({ kind: 'floor', url: `ws://127.0.0.1:${address.port}`, count }, count);
  } finally {
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
