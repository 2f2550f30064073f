/** What the signaling handlers share: the gateway's services and one connection's port. */
import type { FastifyBaseLogger } from 'fastify';
import type { IceServer, ServerMessage, ServerMessageOf } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';
import type { Storage } from '../storage/types.ts';
import type { RoomRegistry } from '../application/RoomRegistry.ts';
import type { SfuSignaling } from '../media/sfu/SfuSignaling.ts';

export interface GatewayContext {
  storage: Storage;
  bus: Bus;
  registry: RoomRegistry;
  /** Meetings' SFU messages (Janus); answers SFU_UNAVAILABLE when the server has no SFU. */
  sfu: SfuSignaling;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Messages per second and burst per socket; `now` (ms, monotonic) is the bucket's clock, for tests. */
  rateLimit: { ratePerSecond: number; burst: number; now?: () => number };
  /** Most bytes a socket may have queued for sending; a client that reads slower is closed (4002). */
  sendBufferBytes: number;
  /** How long a socket may stay open without joining or watching a dashboard (closed with 4003). */
  joinDeadlineMs: number;
  dashboardDebounceMs: number;
  /**
   * With TURN: how often an admitted participant gets fresh ICE servers (`iceServers`), and
   * whose. null without TURN (nothing expires).
   */
  iceRefresh: { everyMs: number; serversFor: (participantId: string) => IceServer[] } | null;
}

/** The participant a connection speaks for, and which of its connections (epoch) it is. */
export interface Membership {
  consultationId: string;
  participantId: string;
  epoch: number;
}

/** What a handler may do with the connection it serves. */
export interface ConnectionPort {
  /** Cookie header of the WebSocket upgrade (the host's session). */
  readonly cookieHeader: string | undefined;
  readonly membership: Membership | null;
  /** The user whose dashboard this connection watches, if any (set by `watchDashboard`). */
  readonly dashboardUserId: string | null;
  send(message: ServerMessage): void;
  /** Binds the connection to a participant: subscribes to its room and sends `welcome`. */
  attach(membership: Membership, welcome: ServerMessageOf<'welcome'>): void;
  /** Starts (or refreshes) the live dashboard of `userId`. */
  watchDashboard(userId: string): Promise<void>;
}
