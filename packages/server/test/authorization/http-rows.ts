/**
 * The shape of an HTTP authorization-matrix row and the groups of actors rows name (see
 * http-matrix.ts, which holds the table).
 */
import { HTTP_ACTORS, type HttpActor, type HttpFixture } from './http-fixture.ts';

export interface HttpRequestSpec {
  url: string;
  body?: unknown;
  /** A cookie the request carries besides the actor's session (a pre-login cookie). */
  cookie?: string;
}

export interface HttpRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as Fastify knows it (`:param` placeholders). */
  route: string;
  /** Who may use it. Everyone else is refused. */
  allow: readonly HttpActor[];
  /**
   * The concrete request for `actor`; called once per cell, so a cell that consumes something
   * (a cancelled appointment, a logged-out session) makes its own.
   */
  request(f: HttpFixture, actor: HttpActor): Promise<HttpRequestSpec> | HttpRequestSpec;
  /** Runs after each cell (to restore what an allowed cell used up). */
  after?(f: HttpFixture, actor: HttpActor): Promise<void>;
  /** Why the row is as it is, where it is not plain. */
  why?: string;
}

export const EVERYONE = HTTP_ACTORS;
export const LOGGED_IN = ['admin', 'owner', 'otherClinician'] as const;
/** `requireUser('clinician')`: clinicians, and admins (who pass every role check). */
export const CLINICIANS = ['admin', 'owner', 'otherClinician'] as const;
export const ADMIN = ['admin'] as const;
/** The owner of the consultation, meeting or appointment, and nobody else (not even the admin). */
export const OWNER = ['owner'] as const;
