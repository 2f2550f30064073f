/**
 * What the joins need of the connection they serve and of the server, declared here so that the
 * application layer does not import the gateway (signaling/ implements both).
 */
import type { ServerMessage, ServerMessageOf } from '@samtale/protocol';
import type { Storage } from '../storage/types.ts';
import type { Bus } from '../cluster/Bus.ts';
import type { RoomRegistry } from './RoomRegistry.ts';
import type { LinkAttemptLimiter } from '../auth/LinkAttemptLimiter.ts';

/** The services a join uses. */
export interface EntryContext {
  storage: Storage;
  registry: RoomRegistry;
  /** Brake on guessing links per client address. */
  linkLimiter: LinkAttemptLimiter;
  /** Where joins tell hosts of a new consent record (issue 9). */
  bus: Bus;
  now: () => Date;
}

/** The participant a connection speaks for, and which of its connections (epoch) it is. */
export interface Membership {
  consultationId: string;
  participantId: string;
  epoch: number;
}

/** What a handler may do with the connection it serves. */
export interface ConnectionPort {
  /**
   * Cookie header of the WebSocket upgrade (the host's session); undefined when the upgrade came
   * from another site's page (`isFromForeignOrigin`), whose cookie is never used.
   */
  readonly cookieHeader: string | undefined;
  /** The client's address (for per-address limits). */
  readonly address: string;
  /** The upgrade's `Origin` is not this service: nothing signed in may happen on this socket. */
  readonly isFromForeignOrigin: boolean;
  readonly membership: Membership | null;
  /** The user whose dashboard this connection watches, if any (set by `watchDashboard`). */
  readonly dashboardUserId: string | null;
  send(message: ServerMessage): void;
  /** Binds the connection to a participant: subscribes to its room and sends `welcome`. */
  attach(membership: Membership, welcome: ServerMessageOf<'welcome'>): void;
  /**
   * Ties the connection to the login session it acted with: it closes when that session ends
   * (logout or revocation, published on the Bus) or expires.
   */
  bindSession(session: { tokenHash: string; expiresAt: Date }): void;
  /** Starts (or refreshes) the live dashboard of `userId`. */
  watchDashboard(userId: string): Promise<void>;
}
