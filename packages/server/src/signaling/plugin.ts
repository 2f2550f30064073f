/**
 * The WebSocket signaling gateway at GET /ws (docs/PROTOCOL.md). Registers @fastify/websocket
 * inside its own scope, owns the node's live rooms (RoomRegistry) and one Connection per socket.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import { MAX_MESSAGE_BYTES, type AppointmentView } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';
import type { Config } from '../config/config.ts';
import { iceServersFor } from '../media/ice.ts';
import type { SfuAdapter } from '../media/sfu/SfuAdapter.ts';
import type { Storage } from '../storage/types.ts';
import { isForeignOrigin } from '../auth/origin.ts';
import { linkAttemptLimiterFor, type LinkAttemptLimiter } from '../auth/LinkAttemptLimiter.ts';
import { AddressQuota, refuseOverQuota } from './AddressQuota.ts';
import { Connection } from './Connection.ts';
import type { GatewayContext } from './context.ts';
import { RoomRegistry } from '../application/RoomRegistry.ts';
import { SfuSessions } from '../media/sfu/SfuSessions.ts';
import { meetingMembers } from '../application/meeting-members.ts';

export interface SignalingOptions {
  config: Config;
  storage: Storage;
  bus: Bus;
  /** The SFU for meetings (Janus); null or absent: SFU messages answer SFU_UNAVAILABLE. Not closed here. */
  sfu?: SfuAdapter | null;
  /** Least time between two keyframe requests for one feed (default 1 s). */
  keyframeIntervalMs?: number;
  /** Brake on guessing links, shared with POST /api/invitations/inspect (default: one from `config.links`). */
  linkLimiter?: LinkAttemptLimiter;
  /** Injectable clock for tests. */
  now?: () => Date;
  /**
   * How long a disconnected participant keeps its place (default 30 s): someone waiting then
   * counts as left; a member of a meeting loses its SFU session (it may still resume).
   */
  waitingGraceMs?: number;
  /** Per-socket message rate limit (default 50/s, burst 100); `now` is the bucket's clock (ms), for tests. */
  rateLimit?: { ratePerSecond: number; burst: number; now?: () => number };
  /** Most bytes queued for one socket before it is closed with 4002 (default 1 MiB). */
  sendBufferBytes?: number;
  /** After a close for the client's fault, how long until the socket is dropped (default 2 s). */
  faultCloseGraceMs?: number;
  /** How long a socket may stay without joining or watching a dashboard before it is closed with 4003 (default 10 s). */
  joinDeadlineMs?: number;
  /** Coalescing window for dashboard refreshes (default 50 ms). */
  dashboardDebounceMs?: number;
  /** The appointments a clinician's dashboard shows with the consultations (issue 9); absent: none. */
  dashboardAppointments?: (ownerUserId: string) => Promise<AppointmentView[]>;
  /** With TURN: fresh ICE servers to admitted participants this often (default: half of TURN_TTL_SECONDS). */
  iceRefreshMs?: number;
}

/**
 * Frames up to this size reach our own check and get MESSAGE_TOO_LARGE with the socket kept
 * open; anything larger is cut off by `ws` itself (close 1009) before it fills memory.
 */
const HARD_MAX_PAYLOAD = 4 * MAX_MESSAGE_BYTES;

/** Errors `ws` raises for a client that broke the protocol (WS_ERR_*) or whose connection failed (ECONNRESET, ...). */
function isClientFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(WS_ERR_|E[A-Z]+$)/.test(code);
}

export const signalingPlugin: FastifyPluginAsync<SignalingOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const registry = new RoomRegistry({
    storage: options.storage,
    bus: options.bus,
    meshMax: options.config.meshMax,
    hasSfu: options.sfu !== undefined && options.sfu !== null,
    iceServersFor: (participantId) => iceServersFor(options.config, participantId),
    now,
    graceMs: options.waitingGraceMs ?? 30_000,
    log: app.log,
  });
  const sfu = new SfuSessions({
    sfu: options.sfu ?? null,
    members: meetingMembers(registry, options.bus),
    log: app.log,
    ...(options.keyframeIntervalMs === undefined ? {} : { keyframeIntervalMs: options.keyframeIntervalMs }),
  });
  const ctx: GatewayContext = {
    storage: options.storage,
    bus: options.bus,
    registry,
    sfu,
    linkLimiter: options.linkLimiter ?? linkAttemptLimiterFor(options.config),
    now,
    log: app.log,
    rateLimit: options.rateLimit ?? { ratePerSecond: 50, burst: 100 },
    sendBufferBytes: options.sendBufferBytes ?? 1024 * 1024,
    faultCloseGraceMs: options.faultCloseGraceMs ?? 2_000,
    joinDeadlineMs: options.joinDeadlineMs ?? 10_000,
    dashboardDebounceMs: options.dashboardDebounceMs ?? 50,
    dashboardAppointments: options.dashboardAppointments ?? null,
    iceRefresh:
      options.config.turn === null
        ? null
        : {
            everyMs: options.iceRefreshMs ?? (options.config.turn.ttlSeconds * 1000) / 2,
            serversFor: (participantId) => iceServersFor(options.config, participantId),
          },
  };
  const connections = new Set<Connection>();
  const quota = new AddressQuota(options.config.signaling.maxConnectionsPerAddress);

  await app.register(websocket, {
    options: { maxPayload: HARD_MAX_PAYLOAD },
    // 1001 "going away" (RFC 6455 §7.4.1) tells clients the server is stopping: reconnect and resume.
    preClose(done) {
      for (const c of connections) c.close(1001, 'server shutting down');
      done();
    },
    // Socket errors are the client's fault and Connection logs them as warnings; anything else
    // reaching here is a bug in our handler.
    errorHandler(error, socket) {
      if (isClientFault(error)) return;
      app.log.error({ errorName: error.name }, 'signaling connection failed');
      socket.terminate();
    },
  });

  app.get('/ws', { websocket: true, preValidation: refuseOverQuota(quota) }, (socket, request) => {
    const connection = new Connection(socket, ctx, {
      address: request.ip,
      cookieHeader: request.headers.cookie,
      isFromForeignOrigin: isForeignOrigin(request, options.config.publicUrl),
    });
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });

  // After a restart nobody is connected: load every room where someone was waiting, so that their
  // grace period runs and a person who never comes back stops showing as waiting on the dashboard.
  app.addHook('onReady', async () => {
    for (const consultationId of await options.storage.participants.consultationIdsWithWaiting()) {
      await registry.withRoom(consultationId, async () => undefined);
    }
  });

  // Runs before the storage and bus close (app.ts closes those after its plugins).
  app.addHook('onClose', async () => {
    // A peer that never answers the close frame would hold shutdown for ws's 30 s; 2 s is plenty.
    const stragglers = setTimeout(() => {
      for (const c of connections) c.terminate();
    }, 2_000);
    await Promise.all([...connections].map((c) => c.closed));
    clearTimeout(stragglers);
    await sfu.close();
    await registry.close();
  });
};
