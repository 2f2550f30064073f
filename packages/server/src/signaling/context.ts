/** What the signaling handlers share: the gateway's services and one connection's port. */
import type { FastifyBaseLogger } from 'fastify';
import type { AppointmentView, IceServer } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';
import type { Storage } from '../storage/types.ts';
import type { EntryContext } from '../application/connection-port.ts';
import type { RoomRegistry } from '../application/RoomRegistry.ts';

export type { ConnectionPort, Membership } from '../application/connection-port.ts';
import type { SfuSessions } from '../media/sfu/SfuSessions.ts';

export interface GatewayContext extends EntryContext {
  storage: Storage;
  bus: Bus;
  registry: RoomRegistry;
  /** Meetings' SFU messages (Janus); answers SFU_UNAVAILABLE when the server has no SFU. */
  sfu: SfuSessions;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Messages per second and burst per socket; `now` (ms, monotonic) is the bucket's clock, for tests. */
  rateLimit: { ratePerSecond: number; burst: number; now?: () => number };
  /** Most bytes a socket may have queued for sending; a client that reads slower is closed (4002). */
  sendBufferBytes: number;
  /**
   * After closing a socket for its own fault, how long the closing handshake may take before the
   * socket is dropped (a client that does not read never sees the close frame).
   */
  faultCloseGraceMs: number;
  /** How long a socket may stay open without joining or watching a dashboard (closed with 4003). */
  joinDeadlineMs: number;
  dashboardDebounceMs: number;
  /** The appointments a clinician's dashboard shows with the consultations (issue 9); null: none. */
  dashboardAppointments: ((ownerUserId: string) => Promise<AppointmentView[]>) | null;
  /**
   * With TURN: how often an admitted participant gets fresh ICE servers (`iceServers`), and
   * whose. null without TURN (nothing expires).
   */
  iceRefresh: { everyMs: number; serversFor: (participantId: string) => IceServer[] } | null;
}
