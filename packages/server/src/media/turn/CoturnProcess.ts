/**
 * A local coturn as a child process, for development (`npm run turn`) and tests (vitest and
 * Playwright): configuration generated in a private temporary folder, listening on 127.0.0.1 on
 * a free port (UDP and TCP), relaying from this machine's own network address (devRelayIp), a
 * small relay port range, and the TURN REST API shared secret (`use-auth-secret`) that our
 * server mints credentials with. Production runs coturn as a service instead: see deploy/coturn/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { stunBinding } from './stun.ts';

export interface CoturnOptions {
  /** The `static-auth-secret`; a random one by default. */
  secret?: string;
  realm?: string;
  /** The coturn binary (default `turnserver` on PATH, as the Debian package installs it). */
  binary?: string;
  /** Each line coturn prints (default: kept only for the error when it fails to start). */
  onLog?: (line: string) => void;
}

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;
const RELAY_PORTS = 100;
const LOG_LINES_KEPT = 40;

/**
 * The address a development/test coturn relays from: this machine's first non-loopback IPv4
 * address, 127.0.0.1 only when it has none. Not loopback, because the SFU on this machine
 * could not answer there: Janus's ICE library (libnice, 0.1.21 in Debian) pins each
 * host-candidate socket to its interface (IP_UNICAST_IF), so what Janus sends to a relayed
 * 127.0.0.1 address leaves through eth0 and is lost, and a meeting with relay-only browsers
 * never connects. A local non-loopback address is delivered locally whichever interface it is
 * sent through. Clients still reach coturn itself on 127.0.0.1 (listening-ip).
 */
export function devRelayIp(interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string {
  for (const addresses of Object.values(interfaces)) {
    const own = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (own !== undefined) return own.address;
  }
  return HOST;
}

/** The turnserver.conf for a development/test coturn on this machine. */
export function devCoturnConfig(o: {
  port: number;
  minPort: number;
  secret: string;
  realm: string;
  dir: string;
  /** Where relayed traffic leaves from (default devRelayIp()). */
  relayIp?: string;
}): string {
  return [
    `listening-ip=${HOST}`,
    `relay-ip=${o.relayIp ?? devRelayIp()}`,
    `listening-port=${o.port}`,
    `min-port=${o.minPort}`,
    `max-port=${o.minPort + RELAY_PORTS - 1}`,
    'use-auth-secret',
    `static-auth-secret=${o.secret}`,
    `realm=${o.realm}`,
    'fingerprint',
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-multicast-peers',
    // Development and tests only: everything runs on this machine, so peer addresses may be
    // 127.0.0.1 (always, on a machine with no other address), which coturn refuses by default.
    // Never in production (it would let anyone relay into the server's own loopback services).
    'allow-loopback-peers',
    'log-file=stdout',
    'simple-log',
    `pidfile=${path.join(o.dir, 'turnserver.pid')}`,
    // Its own database file, so nothing is written to /var/lib/turn.
    `userdb=${path.join(o.dir, 'turndb')}`,
    '',
  ].join('\n');
}

/** A port free for both UDP and TCP on 127.0.0.1 (coturn cannot be told to pick one itself). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no TCP address')),
        );
      });
    });
    const isUdpFree = await new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, HOST, () => socket.close(() => resolve(true)));
    });
    if (isUdpFree) return port;
  }
}

export class CoturnProcess {
  readonly host = HOST;
  readonly port: number;
  /** The address relayed traffic leaves from (relay-ip; see devRelayIp). */
  readonly relayIp: string;
  readonly secret: string;
  readonly realm: string;
  readonly #child: ChildProcess;
  readonly #dir: string;
  readonly #exited: Promise<void>;
  #stopping: Promise<void> | null = null;

  private constructor(child: ChildProcess, dir: string, port: number, secret: string, realm: string, relayIp: string) {
    this.#child = child;
    this.#dir = dir;
    this.port = port;
    this.relayIp = relayIp;
    this.secret = secret;
    this.realm = realm;
    // A binary that cannot be spawned reports `error` and never `exit`.
    this.#exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
  }

  /** Starts coturn and resolves once it answers a STUN Binding request. */
  static async start(options: CoturnOptions = {}): Promise<CoturnProcess> {
    let lastError: unknown;
    // Another process may take the free port between our check and coturn's bind: try again.
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
      try {
        return await CoturnProcess.#startOnce(options);
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`coturn did not start after ${START_ATTEMPTS} attempts`, { cause: lastError });
  }

  static async #startOnce(options: CoturnOptions): Promise<CoturnProcess> {
    const dir = await mkdtemp(path.join(tmpdir(), 'samtale-coturn-'));
    const port = await freePort();
    const secret = options.secret ?? randomBytes(24).toString('base64url');
    const realm = options.realm ?? 'samtale.local';
    const configFile = path.join(dir, 'turnserver.conf');
    const minPort = randomInt(50_000, 60_000 - RELAY_PORTS);
    const relayIp = devRelayIp();
    await writeFile(configFile, devCoturnConfig({ port, minPort, secret, realm, dir, relayIp }), { mode: 0o600 });
    const child = spawn(options.binary ?? 'turnserver', ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const turn = new CoturnProcess(child, dir, port, secret, realm, relayIp);
    const log: string[] = [];
    const onLine = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        options.onLog?.(line);
        log.push(line);
        if (log.length > LOG_LINES_KEPT) log.shift();
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    const spawnFailed = new Promise<never>((_resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`coturn exited (${code ?? signal}) while starting`)));
    });
    try {
      await Promise.race([stunBinding({ host: HOST, port }, READY_TIMEOUT_MS), spawnFailed]);
      return turn;
    } catch (error) {
      await turn.stop();
      throw new Error(`coturn did not answer on ${HOST}:${port}:\n${log.join('\n')}`, { cause: error });
    } finally {
      spawnFailed.catch(() => undefined);
    }
  }

  /** turn: URLs for UDP and TCP, as TURN_URLS and RTCIceServer.urls take them. */
  get urls(): string[] {
    return [`turn:${HOST}:${this.port}?transport=udp`, `turn:${HOST}:${this.port}?transport=tcp`];
  }

  /** The environment the Samtale server needs to hand out credentials for this coturn. */
  get serverEnv(): { TURN_SECRET: string; TURN_URLS: string } {
    return { TURN_SECRET: this.secret, TURN_URLS: this.urls.join(',') };
  }

  /** Resolves when coturn exits by itself or by stop(). */
  get exited(): Promise<void> {
    return this.#exited;
  }

  /** Stops coturn (SIGTERM, then SIGKILL) and deletes its folder; idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#child.exitCode === null && this.#child.signalCode === null) {
        this.#child.kill('SIGTERM');
        const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await this.#exited;
        clearTimeout(timer);
      }
      await rm(this.#dir, { recursive: true, force: true });
    })();
    return this.#stopping;
  }
}
