/**
 * One Janus server reached through janode: its WebSocket connection, a control handle for room
 * management (create/destroy need the VideoRoom admin key), and its load (rooms, participants).
 * Emits `died` once when the connection drops; a new JanusInstance replaces it after a restart.
 */
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import { TypedEvents } from '../typed-events.ts';

export interface JanusInstanceEvents extends Record<string, unknown> {
  died: { instanceId: string };
}

export class JanusInstance {
  readonly events = new TypedEvents<JanusInstanceEvents>();
  readonly id: string;
  readonly url: string;
  readonly adminKey: string | undefined;
  /** Participants (Janus sessions) placed here; the pool places a room where this is lowest. */
  participantCount = 0;
  roomCount = 0;
  readonly #connection: JanodeConnection;
  readonly #controlSession: JanodeSession;
  readonly #control: VideoRoomHandle;
  #isAlive = true;

  private constructor(
    id: string,
    url: string,
    adminKey: string | undefined,
    connection: JanodeConnection,
    session: JanodeSession,
    control: VideoRoomHandle,
  ) {
    this.id = id;
    this.url = url;
    this.adminKey = adminKey;
    this.#connection = connection;
    this.#controlSession = session;
    this.#control = control;
    const die = (): void => {
      if (!this.#isAlive) return;
      this.#isAlive = false;
      this.events.emit('died', { instanceId: this.id });
    };
    connection.once(Janode.EVENT.CONNECTION_CLOSED, die);
    connection.once(Janode.EVENT.CONNECTION_ERROR, die);
    session.once(Janode.EVENT.SESSION_DESTROYED, die);
  }

  /**
   * Connects (no janode retries: the pool or supervisor decides when to try again). `apiSecret`:
   * the instance's `api_secret`, which janode sends with every request.
   */
  static async connect(
    id: string,
    url: string,
    adminKey: string | undefined,
    apiSecret?: string,
  ): Promise<JanusInstance> {
    const address = apiSecret === undefined ? { url } : { url, apisecret: apiSecret };
    const connection = await Janode.connect({ address, max_retries: 1, retry_time_secs: 1 });
    try {
      const session = await connection.create();
      const control = await session.attach(VideoRoomPlugin);
      return new JanusInstance(id, url, adminKey, connection, session, control);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  get isAlive(): boolean {
    return this.#isAlive;
  }

  /** A new Janus session (one per participant). */
  createSession(): Promise<JanodeSession> {
    return this.#connection.create();
  }

  /** The control handle, for room management. */
  get control(): VideoRoomHandle {
    return this.#control;
  }

  /** Closes the connection (Janus drops its sessions, handles and their peer connections). Idempotent. */
  async close(): Promise<void> {
    this.#isAlive = false;
    this.events.removeAll();
    await this.#controlSession.destroy().catch(() => undefined);
    await this.#connection.close().catch(() => undefined);
  }
}
