/**
 * The SFU the server runs with, from `config.janus` (issue 3, "The SFU"): the instances named in
 * JANUS_URL; else a local Janus that we supervise, when the `janus` binary is there; else none —
 * the server still starts (a quick start without Janus) and runs meetings peer to peer, for at
 * most MESH_MAX people (issue 11); SFU messages answer SFU_UNAVAILABLE.
 */
import type { Config } from '../../config/config.ts';
import { JanusPool } from './janus/JanusPool.ts';
import { isJanusAvailable, JanusSupervisor, type SupervisorLog } from './janus/JanusSupervisor.ts';
import type { SfuAdapter, SfuRoom } from './SfuAdapter.ts';

/** A pool that also owns the supervisor of its local Janus: closing it stops Janus too. */
class SupervisedSfu implements SfuAdapter {
  readonly #pool: JanusPool;
  readonly #supervisor: JanusSupervisor;

  constructor(pool: JanusPool, supervisor: JanusSupervisor) {
    this.#pool = pool;
    this.#supervisor = supervisor;
  }

  get events(): JanusPool['events'] {
    return this.#pool.events;
  }

  get isAvailable(): boolean {
    return this.#pool.isAvailable;
  }

  /** The supervised Janus's pid (tests kill it to prove recovery). */
  get pid(): number | null {
    return this.#supervisor.pid;
  }

  createRoom(meetingId: string): Promise<SfuRoom> {
    return this.#pool.createRoom(meetingId);
  }

  async close(): Promise<void> {
    await this.#pool.close();
    await this.#supervisor.close();
  }
}

/** Starts a supervised local Janus and a pool over it; the returned adapter's close stops both. */
export async function startLocalSfu(options: {
  binary?: string;
  rtpPortRange: { min: number; max: number };
  log: SupervisorLog;
}): Promise<SfuAdapter & { readonly pid: number | null }> {
  const supervisor = new JanusSupervisor({
    rtpPortRange: options.rtpPortRange,
    log: options.log,
    ...(options.binary === undefined ? {} : { binary: options.binary }),
  });
  await supervisor.start();
  try {
    return new SupervisedSfu(await JanusPool.fromSupervisor(supervisor, { log: options.log }), supervisor);
  } catch (error) {
    await supervisor.close();
    throw error;
  }
}

/** The SFU described by `config.janus`, or null when none can run here (logged, not fatal). */
export async function createSfu(config: Config, log: SupervisorLog): Promise<SfuAdapter | null> {
  const { urls, adminKey, apiSecret, binary, rtpPortRange } = config.janus;
  if (urls.length > 0) {
    return JanusPool.fromUrls(urls, {
      log,
      ...(adminKey === null ? {} : { adminKey }),
      ...(apiSecret === null ? {} : { apiSecret }),
    });
  }
  if (!(await isJanusAvailable(binary))) {
    log.warn(
      { binary },
      'no JANUS_URL and no janus binary: meetings run peer to peer, for at most MESH_MAX people (install janus or set JANUS_URL for more)',
    );
    return null;
  }
  try {
    return await startLocalSfu({ binary, rtpPortRange, log });
  } catch (error) {
    log.error(
      { errorName: error instanceof Error ? error.name : typeof error },
      'local Janus did not start: meetings run peer to peer, for at most MESH_MAX people',
    );
    return null;
  }
}
