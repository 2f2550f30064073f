/**
 * What every route plugin may use, decorated once on the root instance by buildApp, and the
 * authenticated user decorated on each request by the auth guard.
 */
import type { Bus } from '../cluster/Bus.ts';
import type { Config } from '../config/config.ts';
import type { SessionRow, Storage, UserRow } from '../storage/types.ts';
import type { Appointments } from '../scheduling/Appointments.ts';
import type { IdentityHasher } from '../auth/IdentityHasher.ts';
import type { JobQueue } from '../jobs/JobQueue.ts';

export interface PlatformContext {
  readonly config: Config;
  readonly storage: Storage;
  /** Where routes tell the sockets (on every node) what changed, e.g. that a session ended. */
  readonly bus: Bus;
  /** The clock; injected so tests can move time. */
  readonly now: () => Date;
  /** Booked consultations and the e-mails about them (issue 9). */
  readonly appointments: Appointments;
  /** Keyed hashes of national identity numbers (issue 8). */
  readonly identityHasher: IdentityHasher;
  /** The durable job queue (reminders; ADR 0017). */
  readonly jobs: JobQueue;
}

export interface AuthContext {
  readonly user: UserRow;
  readonly session: SessionRow;
  /** SHA-256 of the cookie's token (the session's key). */
  readonly tokenHash: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    samtale: PlatformContext;
  }
  interface FastifyRequest {
    /** Set by `requireUser`; null on routes without it. */
    auth: AuthContext | null;
  }
}
