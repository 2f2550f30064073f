/**
 * Runs a local Janus as a child process when no JANUS_URL is configured (issue 3, "The SFU"):
 * private configuration (janus-config.ts), WebSocket API on 127.0.0.1 at a port we picked,
 * restarted when it dies, stopped when the app closes. At start it removes the folders that
 * supervisors killed outright left behind. Emits `started` (with the API URL),
 * `exited` (unexpected death) and `restarted`; the SFU layer reacts to those.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { freeTcpPort } from './free-port.ts';
import { generateJanusConfig, removeStaleJanusFolders } from './janus-config.ts';
import { TypedEvents } from '../typed-events.ts';
import { waitForJanus } from './wait-for-janus.ts';

export interface SupervisorLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JanusSupervisorOptions {
  /** The janus executable (default `janus`, found on PATH). */
  binary?: string;
  rtpPortRange: { min: number; max: number };
  log: SupervisorLog;
  systemConfigDir?: string;
  /** How long a start may take before it counts as failed (default 15 s). */
  readyTimeoutMs?: number;
  /** Pause before restarting after a death; doubles on repeated quick deaths, up to 5 s (default 200 ms). */
  restartDelayMs?: number;
  /** Where the private folders go (default the system's temp folder). */
  tempDir?: string;
}

export interface JanusSupervisorEvents extends Record<string, unknown> {
  started: { url: string; pid: number };
  exited: { code: number | null; signal: NodeJS.Signals | null };
  restarted: { url: string; pid: number };
}

export class JanusSupervisor {
  readonly events = new TypedEvents<JanusSupervisorEvents>();
  /** Secret for VideoRoom admin requests; never leaves this process. */
  readonly adminKey = randomBytes(24).toString('base64url');
  /** Secret every request to this Janus's API carries (`api_secret`); new for each supervisor. */
  readonly apiSecret = randomBytes(24).toString('base64url');
  readonly #o: JanusSupervisorOptions;
  readonly #closing = new AbortController();
  #child: ChildProcess | null = null;
  #url: string | null = null;
  #configDir: string | null = null;
  #restartDelay: number;
  #restartTimer: NodeJS.Timeout | undefined;
  #restarting: Promise<void> | null = null;

  constructor(options: JanusSupervisorOptions) {
    this.#o = options;
    this.#restartDelay = options.restartDelayMs ?? 200;
  }

  /** The WebSocket API URL of the running Janus, or null while it is down. */
  get url(): string | null {
    return this.#url;
  }

  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** The private configuration folder of the running Janus, or null. */
  get configDir(): string | null {
    return this.#configDir;
  }

  /** Starts Janus and resolves with its API URL once it answers. */
  async start(): Promise<string> {
    if (this.#child !== null) throw new TypeError('JanusSupervisor already started');
    const stale = await removeStaleJanusFolders(this.#o.tempDir);
    if (stale.length > 0) this.#o.log.info({ folders: stale }, 'removed folders of Janus runs whose server is gone');
    const started = await this.#spawn();
    this.events.emit('started', started);
    return started.url;
  }

  /** Stops Janus (SIGTERM, then SIGKILL after 3 s) and removes its configuration. Idempotent. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    clearTimeout(this.#restartTimer);
    await this.#restarting?.catch(() => undefined);
    const child = this.#child;
    this.#child = null;
    this.#url = null;
    if (child !== null) await stopChild(child);
    if (this.#configDir !== null) await rm(this.#configDir, { recursive: true, force: true });
    this.events.removeAll();
  }

  async #spawn(): Promise<{ url: string; pid: number }> {
    const port = await freeTcpPort();
    if (this.#configDir !== null) await rm(this.#configDir, { recursive: true, force: true });
    const config = await generateJanusConfig({
      wsPort: port,
      rtpPortRange: this.#o.rtpPortRange,
      adminKey: this.adminKey,
      apiSecret: this.apiSecret,
      ...(this.#o.tempDir === undefined ? {} : { parentDir: this.#o.tempDir }),
      ...(this.#o.systemConfigDir === undefined ? {} : { systemConfigDir: this.#o.systemConfigDir }),
    });
    this.#configDir = config.dir;
    // -o: no colours; logs go to our stdout/stderr pipes, kept short in our own log.
    const [command, args] = diesWithUs(this.#o.binary ?? 'janus', ['-C', config.configFile, '-F', config.dir, '-o']);
    // Its working folder is the private one: a core dump (Janus can crash on shutdown) lands
    // there and goes with it, instead of in the server's folder.
    // In a process group of its own when it dies with us anyway: a signal to the server's whole
    // group (a process manager's stop, Ctrl-C) then reaches the server only, which closes the
    // Janus sessions and then stops Janus, instead of Janus dying first and being restarted
    // while the server shuts down.
    const child = spawn(command, args, {
      cwd: config.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: command === SETPRIV,
    });
    this.#child = child;
    child.stdout?.resume();
    const stderrTail: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      stderrTail.push(chunk.toString('utf8'));
      if (stderrTail.length > 20) stderrTail.shift();
    });
    const spawnFailed = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`could not start ${this.#o.binary ?? 'janus'}`, { cause: error })),
      );
    });
    child.once('exit', (code, signal) => this.#onExit(child, code, signal));
    const url = `ws://127.0.0.1:${port}/`;
    const exitedEarly = new AbortController();
    child.once('exit', () => exitedEarly.abort());
    try {
      await Promise.race([
        waitForJanus(url, {
          timeoutMs: this.#o.readyTimeoutMs ?? 15_000,
          signal: AbortSignal.any([exitedEarly.signal, this.#closing.signal]),
        }),
        spawnFailed,
      ]);
    } catch (error) {
      if (this.#child === child) this.#child = null;
      child.kill('SIGKILL');
      throw new Error(`Janus did not start: ${stderrTail.join('').slice(-500)}`, { cause: error });
    }
    this.#url = url;
    if (child.pid === undefined) throw new Error('Janus has no pid');
    // Not `pid`: that field of every log line is this server's own.
    this.#o.log.info({ janusPid: child.pid, port }, 'janus started');
    return { url, pid: child.pid };
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#child !== child || this.#closing.signal.aborted) return;
    this.#child = null;
    this.#url = null;
    this.#o.log.warn({ code, signal }, 'janus exited; restarting');
    this.events.emit('exited', { code, signal });
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    this.#restartTimer = setTimeout(() => {
      this.#restarting = this.#spawn().then(
        (started) => {
          this.#restarting = null;
          this.#restartDelay = this.#o.restartDelayMs ?? 200;
          this.events.emit('restarted', started);
        },
        (error: unknown) => {
          this.#restarting = null;
          if (this.#closing.signal.aborted) return;
          this.#o.log.error({ errorName: error instanceof Error ? error.name : typeof error }, 'janus restart failed');
          this.#restartDelay = Math.min(this.#restartDelay * 2, 5_000);
          this.#scheduleRestart();
        },
      );
    }, this.#restartDelay);
  }
}

const SETPRIV = '/usr/bin/setpriv';

/**
 * The command line that runs `binary` so that it gets SIGTERM when this process dies, however it
 * dies (SIGKILL, a crash): util-linux's setpriv sets the parent-death signal and then execs the
 * binary (same pid). Without it, a killed server left its Janus running, holding ports and CPU.
 * Where setpriv is missing, Janus runs directly and only a clean shutdown stops it.
 */
export function diesWithUs(binary: string, args: readonly string[]): [string, string[]] {
  if (process.platform !== 'linux' || !existsSync(SETPRIV)) return [binary, [...args]];
  return [SETPRIV, ['--pdeathsig', 'SIGTERM', '--', binary, ...args]];
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** True when `binary` can be run (used to decide whether to supervise a local Janus). */
export async function isJanusAvailable(binary = 'janus'): Promise<boolean> {
  return new Promise((resolve) => {
    // Janus 1.1 has no --version (it prints the version, then fails on the unknown option); -h exits 0.
    const child = spawn(binary, ['-h'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
