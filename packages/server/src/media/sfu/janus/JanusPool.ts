/**
 * The SFU as the signaling layer sees it (SfuAdapter over janode): either the one Janus that a
 * JanusSupervisor runs, or the running instances named in JANUS_URL. Each new room goes to
 * the least-loaded live instance. When an instance dies the pool emits `sfuDied` and connects
 * again (supervised: after the restart; JANUS_URL: retrying with backoff), then `sfuReady`.
 */
import Janode from 'janode';
import { JanusInstance } from './JanusInstance.ts';
import { JanusRoom } from './JanusRoom.ts';
import type { JanusSupervisor, SupervisorLog } from './JanusSupervisor.ts';
import type { SfuAdapter, SfuAdapterEvents, SfuRoom } from '../SfuAdapter.ts';
import { TypedEvents } from '../typed-events.ts';

export interface JanusPoolOptions {
  log: SupervisorLog;
  /** VideoRoom admin key of the instances (JANUS_ADMIN_KEY, or the supervisor's own). */
  adminKey?: string;
  /** The instances' `api_secret` (JANUS_API_SECRET, or the supervisor's own). */
  apiSecret?: string;
  /** First pause before connecting again to a lost JANUS_URL instance (default 250 ms, doubling to 5 s). */
  reconnectDelayMs?: number;
}

interface Slot {
  id: string;
  url: string | null;
  instance: JanusInstance | null;
  reconnectTimer: NodeJS.Timeout | undefined;
}

export class JanusPool implements SfuAdapter {
  readonly events = new TypedEvents<SfuAdapterEvents>();
  readonly #o: JanusPoolOptions;
  readonly #slots: Slot[];
  readonly #supervisor: JanusSupervisor | null;
  readonly #closing = new AbortController();

  private constructor(options: JanusPoolOptions, slots: Slot[], supervisor: JanusSupervisor | null) {
    this.#o = options;
    this.#slots = slots;
    this.#supervisor = supervisor;
  }

  /** A pool over running instances (JANUS_URL, comma-separated). Unreachable ones are retried. */
  static async fromUrls(urls: readonly string[], options: JanusPoolOptions): Promise<JanusPool> {
    if (urls.length === 0) throw new TypeError('at least one Janus URL');
    Janode.Logger.setLevel('none');
    const pool = new JanusPool(
      options,
      urls.map((url, i) => ({ id: `janus-${i}`, url, instance: null, reconnectTimer: undefined })),
      null,
    );
    await Promise.all(pool.#slots.map((slot) => pool.#connect(slot, options.reconnectDelayMs ?? 250)));
    return pool;
  }

  /** A pool over the Janus that `supervisor` runs (already started). The pool does not close it. */
  static async fromSupervisor(
    supervisor: JanusSupervisor,
    options: Omit<JanusPoolOptions, 'adminKey' | 'apiSecret'>,
  ): Promise<JanusPool> {
    Janode.Logger.setLevel('none');
    const slot: Slot = { id: 'janus-local', url: supervisor.url, instance: null, reconnectTimer: undefined };
    const pool = new JanusPool(
      { ...options, adminKey: supervisor.adminKey, apiSecret: supervisor.apiSecret },
      [slot],
      supervisor,
    );
    const signal = pool.#closing.signal;
    // A death seen by the supervisor first (process exit) or by janode first (socket closed): same outcome.
    supervisor.events.on('exited', () => void slot.instance?.close().then(() => pool.#lost(slot)), signal);
    supervisor.events.on(
      'restarted',
      ({ url }) => {
        slot.url = url;
        void pool.#connect(slot, options.reconnectDelayMs ?? 250);
      },
      signal,
    );
    await pool.#connect(slot, options.reconnectDelayMs ?? 250);
    return pool;
  }

  get isAvailable(): boolean {
    return this.#slots.some((s) => s.instance?.isAlive === true);
  }

  async createRoom(meetingId: string): Promise<SfuRoom> {
    const live = this.#slots.flatMap((s) => (s.instance?.isAlive === true ? [s.instance] : []));
    live.sort((a, b) => a.participantCount - b.participantCount || a.roomCount - b.roomCount);
    const target = live[0];
    if (target === undefined) throw new Error('no SFU instance available');
    return JanusRoom.create(target, meetingId);
  }

  /** Closes every connection (not a supervised Janus: its owner stops it). Idempotent. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    for (const slot of this.#slots) clearTimeout(slot.reconnectTimer);
    await Promise.all(this.#slots.map((s) => s.instance?.close() ?? Promise.resolve()));
    this.events.removeAll();
  }

  /** Load per instance (tests, health). */
  load(): { instanceId: string; isAlive: boolean; rooms: number; participants: number }[] {
    return this.#slots.map((s) => ({
      instanceId: s.id,
      isAlive: s.instance?.isAlive === true,
      rooms: s.instance?.roomCount ?? 0,
      participants: s.instance?.participantCount ?? 0,
    }));
  }

  async #connect(slot: Slot, delayMs: number): Promise<void> {
    if (this.#closing.signal.aborted || slot.url === null) return;
    try {
      const instance = await JanusInstance.connect(slot.id, slot.url, this.#o.adminKey, this.#o.apiSecret);
      if (this.#closing.signal.aborted) {
        await instance.close();
        return;
      }
      slot.instance = instance;
      instance.events.on('died', () => this.#lost(slot));
      this.#o.log.info({ instanceId: slot.id }, 'sfu instance ready');
      this.events.emit('sfuReady', { instanceId: slot.id });
    } catch (error) {
      this.#o.log.warn(
        { instanceId: slot.id, errorName: error instanceof Error ? error.name : typeof error },
        'sfu instance unreachable',
      );
      // A supervised Janus is reconnected on its `restarted` event instead.
      if (this.#supervisor === null) this.#retry(slot, delayMs);
    }
  }

  #lost(slot: Slot): void {
    if (slot.instance === null || this.#closing.signal.aborted) return;
    slot.instance = null;
    this.#o.log.warn({ instanceId: slot.id }, 'sfu instance lost');
    this.events.emit('sfuDied', { instanceId: slot.id });
    if (this.#supervisor === null) this.#retry(slot, this.#o.reconnectDelayMs ?? 250);
  }

  #retry(slot: Slot, delayMs: number): void {
    clearTimeout(slot.reconnectTimer);
    slot.reconnectTimer = setTimeout(() => void this.#connect(slot, Math.min(delayMs * 2, 5_000)), delayMs);
  }
}
