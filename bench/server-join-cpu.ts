/**
 * Our server's CPU per join (issue 3: at most 5 ms): the real app (buildApp) listens on port 0 in
 * this process; a child process (bench/join-clients.ts) opens the sockets, so `process.cpuUsage()`
 * here counts the server alone. A join is a patient opening a socket, joining by invitation link,
 * waiting, being admitted by the host (already connected), and receiving `admitted`. Measured on
 * both storage backends: PGlite in memory (its WASM PostgreSQL runs in this process, so its CPU
 * counts here; the part spent inside PGlite queries is shown apart) and a fresh database on a
 * PostgreSQL server (this process is then our code alone; the database's backend processes are
 * read from /proc and shown beside it). Floor: the same number of bare `ws` connect + one message
 * echo on a plain server.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { buildApp } from '../packages/server/src/app.ts';
import { InMemoryBus } from '../packages/server/src/cluster/InMemoryBus.ts';
import { newConsultation, seedClinic, testConfig } from '../packages/server/test/helpers/signaling-fixtures.ts';
import { pgliteBackend, postgresBackend, withAdminClient } from '../packages/server/test/helpers/storage-backends.ts';
import { countInstructions, isPerfAvailable } from './perf-counter.ts';
import { startBackendMeter, startSqlMeter } from './sql-meter.ts';

export interface CpuWindow {
  /** Server CPU (user + system) per operation, ms. */
  cpuMsPerOp: number;
  /** Event-loop utilization over the window, 0..1. */
  eventLoopUtilization: number;
  /** Client-observed time per operation, ms (median). */
  medianLatencyMs: number;
  /**
   * Instructions this process retired per operation (perf), or null without perf: unlike CPU time
   * it barely moves when other jobs share the machine, so it is the steadier before/after figure.
   */
  instructionsPerOp: number | null;
}

export interface JoinCpuWindow extends CpuWindow {
  /** SQL statements the server sent per join (transaction control included). */
  statementsPerJoin: number;
  /** PGlite: CPU inside PGlite queries per join, ms (part of cpuMsPerOp). */
  pgliteCpuMsPerOp?: number;
  /** PostgreSQL: CPU of the database's backend processes per join, ms (not in cpuMsPerOp); null if not readable here. */
  postgresCpuMsPerOp?: number | null;
}

/** Where the joins' database lives: PGlite in this process, or a fresh database on a server. */
export type JoinBackend = { kind: 'pglite' } | { kind: 'postgres'; adminUrl: string };

/** How long perf stat is given to attach before the window starts. */
const PERF_ATTACH_MS = 300;

type FromClients = { kind: 'ready' } | { kind: 'done'; ms: number[] };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Starts at the window's start; what `stop` returns at its end is added to the result. */
type WindowMeter<T> = () => { stop(): T };

/** Runs the clients' command; measures this process between their 'ready' and 'done'. */
async function measureWindow<T = undefined>(
  command: object,
  operations: number,
  meter?: WindowMeter<T>,
): Promise<CpuWindow & { meter: T | undefined }> {
  const child = fork(path.join(import.meta.dirname, 'join-clients.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const hasPerf = isPerfAvailable();
    const result = new Promise<CpuWindow & { meter: T | undefined }>((resolve, reject) => {
      let cpu: NodeJS.CpuUsage | undefined;
      let elu: ReturnType<typeof performance.eventLoopUtilization> | undefined;
      let running: { stop(): T } | undefined;
      let instructions: { stop(): Promise<number | null> } | null = null;
      const start = async (): Promise<void> => {
        if (hasPerf) {
          instructions = countInstructions([process.pid]);
          // perf stat attaches a moment after it starts; the server idles (next to no instructions) meanwhile.
          await new Promise((resolve) => setTimeout(resolve, PERF_ATTACH_MS));
        }
        running = meter?.();
        cpu = process.cpuUsage();
        elu = performance.eventLoopUtilization();
        child.send({ kind: 'go' });
      };
      const finish = async (ms: number[]): Promise<void> => {
        const used = process.cpuUsage(cpu);
        const utilization = performance.eventLoopUtilization(elu).utilization;
        const measured = running?.stop();
        const counted = (await instructions?.stop()) ?? null;
        resolve({
          cpuMsPerOp: (used.user + used.system) / 1000 / operations,
          eventLoopUtilization: utilization,
          medianLatencyMs: median(ms),
          instructionsPerOp: counted === null ? null : counted / operations,
          meter: measured,
        });
      };
      let isDone = false;
      child.on('message', (message: FromClients) => {
        isDone ||= message.kind === 'done';
        (message.kind === 'ready' ? start() : finish(message.ms)).catch(reject);
      });
      void exited.then(
        (code) => !isDone && reject(new Error(`the bench clients exited (${String(code)}) before reporting`)),
      );
    });
    child.send(command);
    return await result;
  } finally {
    child.kill();
    await exited;
  }
}

/**
 * The PostgreSQL server to measure on: TEST_DATABASE_URL, else the local default; null (with why)
 * when none answers.
 */
export async function benchPostgresUrl(): Promise<{ url: string } | { url: null; reason: string }> {
  const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const shown = new URL(url);
  shown.password = '';
  try {
    await withAdminClient(url, (c) => c.query('select 1'));
    return { url };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { url: null, reason: `no PostgreSQL at ${shown.host} (${why}); set TEST_DATABASE_URL` };
  }
}

/** `joins` invitation joins through the real app on `backend`. */
export async function measureJoinCpu(joins: number, backend: JoinBackend = { kind: 'pglite' }): Promise<JoinCpuWindow> {
  const opened = await (backend.kind === 'pglite' ? pgliteBackend : postgresBackend(backend.adminUrl)).open();
  const { storage } = opened;
  // The database's name, which its backend processes' titles show.
  const database = opened.databaseUrl === undefined ? null : new URL(opened.databaseUrl).pathname.slice(1);
  try {
    const bus = new InMemoryBus();
    // Every bench client comes from 127.0.0.1: lift the per-address socket cap (issue 7) for them.
    const config = testConfig({ SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '100000' });
    const app = await buildApp(config, { storage, bus, logger: false });
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
      const window = await measureWindow(
        { kind: 'joins', url: `ws://127.0.0.1:${address.port}/ws`, hostCookie: clinic.clinician.cookie, consultations },
        joins,
        () => {
          const backends = database === null ? null : startBackendMeter(database);
          const sql = startSqlMeter();
          return { stop: () => ({ sql: sql.stop(), backends: backends?.stop() ?? null }) };
        },
      );
      const { meter, ...cpu } = window;
      if (meter === undefined) throw new TypeError('the join window ran without its meter');
      return {
        ...cpu,
        statementsPerJoin: meter.sql.statements / joins,
        ...(database === null
          ? { pgliteCpuMsPerOp: meter.sql.pgliteCpuMs / joins }
          : {
              postgresCpuMsPerOp:
                meter.backends === null || meter.backends.found === 0 ? null : meter.backends.cpuMs / joins,
            }),
      };
    } finally {
      await app.close();
      await bus.close();
    }
  } finally {
    await opened.dispose();
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
