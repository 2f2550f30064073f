/**
 * One WebSocket connection and the one loop that owns its state: each frame goes through
 * size limit -> rate limit -> JSON -> schema -> dispatch, one at a time. Every refusal is an
 * `error` message with a catalogue code; the socket stays open. Deliveries (room notices,
 * take-overs, closes, dashboard refreshes) arrive only through Bus subscriptions.
 *
 * What a socket may cost is bounded (issue 7): refused messages get one RATE_LIMITED per notice
 * window, what waits to be sent is capped (a client that does not read is closed with 4002), and
 * a socket that neither joins nor watches a dashboard is closed with 4003 at the join deadline.
 */
import type { RawData, WebSocket } from 'ws';
import { ClientMessage, MAX_MESSAGE_BYTES, type ServerMessage, type ServerMessageOf } from '@samtale/protocol';
import { AppError, appErrorFrom } from '../errors.ts';
import { dashboardChannel, DashboardBusMessage, roomChannel, RoomBusMessage } from '../application/channels.ts';
import type { ConnectionPort, GatewayContext, Membership } from './context.ts';
import { dispatch } from './dispatch.ts';
import { SessionWatch } from './SessionWatch.ts';
import { TokenBucket } from './TokenBucket.ts';

/** Close codes (RFC 6455 §7.4.2 leaves 4000–4999 to applications). */
export const CLOSE_SUPERSEDED = 4001;
/** The client read its messages slower than the server sent them: its send buffer was full. */
export const CLOSE_SEND_BUFFER_FULL = 4002;
/** The socket neither joined nor watched a dashboard before the join deadline. */
export const CLOSE_JOIN_DEADLINE = 4003;
/** The login session the socket acted with ended (logout, revocation) or expired. */
export const CLOSE_SESSION_ENDED = 4004;
export const CLOSE_DONE = 1000;

/** What the upgrade request said about who opens the socket. */
export interface Upgrade {
  /** The client's address (the TCP peer, or the forwarded client behind a TRUST_PROXY proxy). */
  address: string;
  cookieHeader: string | undefined;
  isFromForeignOrigin: boolean;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function asText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

/** The message's `id` when it is a usable request id, to echo as `ref`. */
function refOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  const { id } = json;
  return typeof id === 'string' && id.length >= 1 && id.length <= 64 ? id : undefined;
}

/**
 * Whether a room bus message may concern `participantId` (its addressee is the first thing each
 * kind names); anything without a recognisable addressee counts, so that validation reports it.
 */
function isFor(raw: unknown, participantId: string): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const addressee = 'to' in raw ? raw.to : 'participantId' in raw ? raw.participantId : undefined;
  return typeof addressee !== 'string' || addressee === participantId;
}

export class Connection implements ConnectionPort {
  readonly cookieHeader: string | undefined;
  readonly isFromForeignOrigin: boolean;
  readonly address: string;
  readonly #socket: WebSocket;
  readonly #ctx: GatewayContext;
  readonly #lifetime = new AbortController();
  readonly #bucket: TokenBucket;
  #membership: Membership | null = null;
  #dashboardUserId: string | null = null;
  #dashboardTimer: NodeJS.Timeout | undefined;
  #iceTimer: NodeJS.Timeout | undefined;
  #joinTimer: NodeJS.Timeout | undefined;
  #dropTimer: NodeJS.Timeout | undefined;
  readonly #sessions: SessionWatch;
  /** Tail of the handler loop: one message at a time. */
  #loop: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, ctx: GatewayContext, upgrade: Upgrade) {
    this.#socket = socket;
    this.#ctx = ctx;
    // Another site's page never gets to use the cookie the browser attached.
    this.cookieHeader = upgrade.isFromForeignOrigin ? undefined : upgrade.cookieHeader;
    this.isFromForeignOrigin = upgrade.isFromForeignOrigin;
    this.address = upgrade.address;
    this.#bucket = new TokenBucket(ctx.rateLimit);
    this.#sessions = new SessionWatch({
      bus: ctx.bus,
      now: ctx.now,
      signal: this.#lifetime.signal,
      onEnded: () => this.#endForSession(),
    });
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    socket.on('close', () => this.#onClose());
    // A client's fault (a frame over the hard limit, bad UTF-8, a reset): a warning, not an error.
    socket.on('error', (error: Error & { code?: unknown }) =>
      ctx.log.warn(
        { errorName: error.name, ...(typeof error.code === 'string' ? { errorCode: error.code } : {}) },
        'signaling socket error',
      ),
    );
    this.#joinTimer = setTimeout(() => this.#checkJoined(), ctx.joinDeadlineMs);
  }

  get membership(): Membership | null {
    return this.#membership;
  }

  get dashboardUserId(): string | null {
    return this.#dashboardUserId;
  }

  /** Resolves when the connection has closed and its participant has been marked disconnected. */
  get closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#lifetime.signal.aborted) resolve(this.#loop);
      else this.#lifetime.signal.addEventListener('abort', () => resolve(this.#loop), { once: true });
    });
  }

  send(message: ServerMessage): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    // `bufferedAmount` is what `ws` and the TCP stream still hold for this client: past the bound
    // the client is not keeping up, and queueing more would only grow the server's memory. The
    // bound is on what already waits, so one large message (a long dashboard) still goes out.
    const buffered = this.#socket.bufferedAmount;
    if (buffered > this.#ctx.sendBufferBytes) {
      this.#ctx.log.warn(
        { bufferedBytes: buffered, messageType: message.type },
        'signaling client does not read its messages; closing',
      );
      this.#closeForFault(CLOSE_SEND_BUFFER_FULL, 'send buffer full');
      return;
    }
    this.#socket.send(JSON.stringify(message));
  }

  /**
   * Keeps the TURN credential of a participant in the call fresh: entering the call (the room's
   * `admitted` membership) starts the clock, each refresh restarts it, leaving the call stops it.
   */
  #followIceServers(isInCall: boolean): void {
    const refresh = this.#ctx.iceRefresh;
    clearTimeout(this.#iceTimer);
    this.#iceTimer = undefined;
    if (refresh === null || !isInCall) return;
    this.#iceTimer = setTimeout(() => {
      const me = this.#membership;
      if (me === null || this.#lifetime.signal.aborted) return;
      this.send({ type: 'iceServers', iceServers: refresh.serversFor(me.participantId) });
      this.#followIceServers(true);
    }, refresh.everyMs);
  }

  attach(membership: Membership, welcome: ServerMessageOf<'welcome'>): void {
    this.#membership = membership;
    this.#ctx.bus.subscribe(
      roomChannel(membership.consultationId),
      (m) => this.#onRoomMessage(m),
      this.#lifetime.signal,
    );
    this.send(welcome);
  }

  bindSession(session: { tokenHash: string; expiresAt: Date }): void {
    this.#sessions.bind(session);
  }

  /**
   * The login behind this socket is gone: whatever it was doing as that user (dashboard, host,
   * member) stops. `isFatal`: the client must not reconnect and resume by itself.
   */
  #endForSession(): void {
    const error = new AppError('UNAUTHENTICATED');
    this.send({ type: 'error', code: error.code, message: error.message, isFatal: true });
    this.#followIceServers(false);
    this.close(CLOSE_SESSION_ENDED, 'session ended');
  }

  async watchDashboard(userId: string): Promise<void> {
    if (this.#dashboardUserId !== userId) {
      if (this.#dashboardUserId !== null) throw new AppError('INVALID_STATE');
      this.#dashboardUserId = userId;
      this.#ctx.bus.subscribe(dashboardChannel(userId), (m) => this.#onDashboardMessage(m), this.#lifetime.signal);
    }
    await this.#sendDashboard(userId);
  }

  /** Closes the socket (idempotent); the close handler does the rest. */
  close(code: number = CLOSE_DONE, reason = ''): void {
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) {
      this.#socket.close(code, reason);
    }
  }

  /** Drops the socket without the closing handshake (a peer that does not answer a close). */
  terminate(): void {
    this.#socket.terminate();
  }

  /** Closes for the client's own fault, and drops the socket if the handshake does not finish soon. */
  #closeForFault(code: number, reason: string): void {
    this.close(code, reason);
    this.#dropTimer ??= setTimeout(() => this.terminate(), this.#ctx.faultCloseGraceMs);
  }

  /** At the join deadline, after any message still in the loop (a join in flight may yet attach). */
  #checkJoined(): void {
    this.#loop = this.#loop.then(() => {
      if (this.#membership === null && this.#dashboardUserId === null && !this.#lifetime.signal.aborted) {
        this.#closeForFault(CLOSE_JOIN_DEADLINE, 'join deadline');
      }
    });
  }

  #receive(data: RawData, isBinary: boolean): void {
    // Closing: whatever still arrives is dropped unread (nothing could answer it).
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    // Rate limit before any parsing, so a flood costs as little as possible; a dropped message
    // is not read, so its error has no `ref`. One notice per window: the client knows to slow
    // down from the first, and answering each refused frame is what a flood would want.
    if (!this.#bucket.take()) {
      if (this.#bucket.claimNotice()) {
        this.#sendError(new AppError('RATE_LIMITED', { retryAfterSeconds: 1 }), undefined);
      }
      return;
    }
    this.#loop = this.#loop.then(() => this.#handle(data, isBinary));
  }

  async #handle(data: RawData, isBinary: boolean): Promise<void> {
    let ref: string | undefined;
    let type = 'unknown';
    try {
      if (byteLength(data) > MAX_MESSAGE_BYTES) throw new AppError('MESSAGE_TOO_LARGE');
      if (isBinary) throw new AppError('MESSAGE_MALFORMED');
      let json: unknown;
      try {
        json = JSON.parse(asText(data));
      } catch (cause) {
        throw new AppError('MESSAGE_MALFORMED', { cause });
      }
      ref = refOf(json);
      const parsed = ClientMessage.safeParse(json);
      if (!parsed.success) throw new AppError('MESSAGE_INVALID', { cause: parsed.error });
      type = parsed.data.type;
      await dispatch(this, this.#ctx, parsed.data);
    } catch (error) {
      const known = appErrorFrom(error);
      if (known === null) {
        // Logged without the message's content or the error's text, which may hold personal data.
        const stack = error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined;
        this.#ctx.log.error(
          { errorName: error instanceof Error ? error.name : typeof error, messageType: type, stack },
          'signaling handler failed',
        );
      }
      this.#sendError(known ?? new AppError('INTERNAL', { cause: error }), ref);
    }
  }

  #sendError(error: AppError, ref: string | undefined): void {
    const message: ServerMessageOf<'error'> = { type: 'error', code: error.code, message: error.message };
    if (ref !== undefined) message.ref = ref;
    if (error.retryAfterSeconds !== undefined) message.retryAfterSeconds = error.retryAfterSeconds;
    this.send(message);
  }

  #onRoomMessage(raw: unknown): void {
    const me = this.#membership;
    // Every connection in the room hears every message: validate only those addressed here.
    if (me === null || !isFor(raw, me.participantId)) return;
    const parsed = RoomBusMessage.safeParse(raw);
    if (!parsed.success) {
      this.#ctx.log.error('invalid room message on the bus');
      return;
    }
    const m = parsed.data;
    switch (m.kind) {
      case 'deliver':
        if (m.to === me.participantId) this.send(m.message);
        return;
      case 'close':
        if (m.participantId === me.participantId) this.close(CLOSE_DONE, 'closed');
        return;
      case 'membership':
        if (m.participantId === me.participantId) this.#followIceServers(m.change === 'admitted');
        return;
      case 'superseded':
        if (m.participantId === me.participantId && m.epoch > me.epoch) {
          this.send({ type: 'superseded' });
          this.#followIceServers(false);
          this.close(CLOSE_SUPERSEDED, 'superseded');
        }
        return;
    }
  }

  #onDashboardMessage(raw: unknown): void {
    const userId = this.#dashboardUserId;
    if (!DashboardBusMessage.safeParse(raw).success || userId === null || this.#dashboardTimer !== undefined) return;
    // Several rooms may change at once (an end closes many); one refresh covers them all.
    this.#dashboardTimer = setTimeout(() => {
      this.#dashboardTimer = undefined;
      if (this.#lifetime.signal.aborted) return;
      this.#sendDashboard(userId).catch((error: unknown) =>
        this.#ctx.log.error(
          { errorName: error instanceof Error ? error.name : typeof error },
          'dashboard refresh failed',
        ),
      );
    }, this.#ctx.dashboardDebounceMs);
  }

  async #sendDashboard(userId: string): Promise<void> {
    const [consultations, appointments] = await Promise.all([
      this.#ctx.storage.consultations.viewsForOwner(userId),
      this.#ctx.dashboardAppointments?.(userId) ?? [],
    ]);
    this.send({ type: 'dashboard', consultations, appointments });
  }

  #onClose(): void {
    clearTimeout(this.#dashboardTimer);
    clearTimeout(this.#iceTimer);
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#dropTimer);
    this.#sessions.stop();
    // After the loop: a join still in flight must be disconnected once it has attached.
    this.#loop = this.#loop.then(async () => {
      const m = this.#membership;
      if (m === null) return;
      try {
        await this.#ctx.registry.disconnect(m.consultationId, m.participantId, m.epoch);
      } catch (error) {
        if (appErrorFrom(error) === null) {
          this.#ctx.log.error({ errorName: error instanceof Error ? error.name : typeof error }, 'disconnect failed');
        }
      }
    });
    // Last: ends the Bus subscriptions, and `closed` resolves after the disconnect above.
    this.#lifetime.abort();
  }
}
