/**
 * Test support for the signaling tests: a clinic seeded straight into storage, and the gateway
 * listening on an ephemeral port (bare Fastify with the signaling plugin, so options such as
 * the waiting grace period can be shortened).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  PROTOCOL_VERSION,
  SESSION_COOKIE,
  type InvitationRole,
  type LoginMethod,
  type MeetingKind,
  type UserRole,
} from '@samtale/protocol';
import { InMemoryBus } from '../../src/cluster/InMemoryBus.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { randomToken, sha256Hex } from '../../src/auth/tokens.ts';
import type { Storage, UserRow } from '../../src/storage/types.ts';
import { signalingPlugin, type SignalingOptions } from '../../src/signaling/plugin.ts';
import type { SfuAdapter, SfuAdapterEvents } from '../../src/media/sfu/SfuAdapter.ts';
import { TypedEvents } from '../../src/media/sfu/typed-events.ts';
import { TestClient } from './TestClient.ts';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: os.tmpdir(),
    WEB_DIST_DIR: path.join(os.tmpdir(), `samtale-no-web-${randomUUID()}`),
    LOG_LEVEL: 'silent',
    ICE_SERVERS: JSON.stringify([{ urls: 'stun:stun.example.org:3478' }]),
    ...env,
  });
}

export interface Clinician {
  user: UserRow;
  /** `samtale_session=<token>` for the WebSocket upgrade. */
  cookie: string;
}

/** Another live login session of `user`, made by `loginMethod` (as a passkey or HelseID login would). */
export async function sessionCookie(storage: Storage, user: UserRow, loginMethod: LoginMethod): Promise<string> {
  const token = randomToken(32);
  const now = new Date();
  await storage.sessions.create({
    tokenHash: sha256Hex(token),
    userId: user.id,
    csrfToken: randomToken(32),
    loginMethod,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  return `${SESSION_COOKIE}=${token}`;
}

/** A clinician (or, with `role`, an admin) with a live session made by `loginMethod`. */
export async function addClinician(
  storage: Storage,
  organisationId: string,
  name = 'Dr. Nordmann',
  loginMethod: LoginMethod = { method: 'password' },
  role: UserRole = 'clinician',
): Promise<Clinician> {
  const user = await storage.users.create({
    organisationId,
    email: `${randomUUID()}@clinic.test`,
    displayName: name,
    role,
    passwordHash: 'not-used-in-these-tests',
  });
  const token = randomToken(32);
  const now = new Date();
  await storage.sessions.create({
    tokenHash: sha256Hex(token),
    userId: user.id,
    csrfToken: randomToken(32),
    loginMethod,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  return { user, cookie: `${SESSION_COOKIE}=${token}` };
}

export interface Clinic {
  organisationId: string;
  clinician: Clinician;
  /** A second clinician of the same organisation, owner of nothing here. */
  colleague: Clinician;
}

export async function seedClinic(storage: Storage): Promise<Clinic> {
  const org = await storage.organisations.create('Legekontoret');
  return {
    organisationId: org.id,
    clinician: await addClinician(storage, org.id),
    colleague: await addClinician(storage, org.id, 'Dr. Hansen'),
  };
}

/**
 * A consultation (or, with `meeting`, a meeting of that kind) owned by `owner`, with a function
 * that makes invitation links (tokens; a meeting's are for guests by default).
 */
export async function newConsultation(
  storage: Storage,
  clinic: Clinic,
  owner: Clinician = clinic.clinician,
  meeting?: { kind: MeetingKind; hasPersonalData: boolean },
) {
  const consultation = await storage.consultations.create({
    organisationId: clinic.organisationId,
    ownerUserId: owner.user.id,
    label: null,
    ...(meeting === undefined ? {} : { meeting }),
  });
  return {
    consultation,
    link: async (
      role: InvitationRole = meeting === undefined ? 'patient' : 'colleague',
      ttlMs = 3_600_000,
    ): Promise<string> => {
      const token = randomToken(24);
      await storage.invitations.create({
        consultationId: consultation.id,
        role,
        tokenHash: sha256Hex(token),
        createdByUserId: owner.user.id,
        expiresAt: new Date(Date.now() + ttlMs),
      });
      return token;
    },
  };
}

/** A member of the organisation entering a meeting (by its policy: directly or to wait). */
export function joinAsMemberMessage(consultationId: string, id = 'join-member') {
  return { type: 'join', id, protocolVersion: PROTOCOL_VERSION, as: { kind: 'member', consultationId } };
}

export function joinAsHostMessage(consultationId: string, id = 'join-host') {
  return { type: 'join', id, protocolVersion: PROTOCOL_VERSION, as: { kind: 'host', consultationId } };
}

export function joinWithLinkMessage(invitationToken: string, displayName = 'Kari Pasient', id = 'join-link') {
  return {
    type: 'join',
    id,
    protocolVersion: PROTOCOL_VERSION,
    as: { kind: 'invitation', invitationToken, displayName, hasConsented: true },
  };
}

export interface SignalingServer {
  app: FastifyInstance;
  url: string;
  /** Opens a client (with a session cookie for hosts and dashboards). */
  connect(cookie?: string): Promise<TestClient>;
  /** Closes the clients, then the server. */
  close(): Promise<void>;
  /** Closes the server while clients are still connected (they see it go away). */
  stop(): Promise<void>;
}

/** The signaling plugin on a bare Fastify, listening on 127.0.0.1 port 0; `logs` collects its log lines (JSON). */
export async function startSignaling(
  storage: Storage,
  options: Partial<Omit<SignalingOptions, 'storage'>> = {},
  fixture: { logs?: string[] } = {},
): Promise<SignalingServer> {
  const { logs } = fixture;
  const app = Fastify({
    logger: logs === undefined ? false : { stream: { write: (line: string) => logs.push(line) } },
  });
  const bus = options.bus ?? new InMemoryBus();
  await app.register(signalingPlugin, { config: options.config ?? testConfig(), storage, bus, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return fromListening(app, async () => {
    await app.close();
    await bus.close();
  });
}

/** Wraps an app that already listens. */
export function fromListening(app: FastifyInstance, close: () => Promise<void>): SignalingServer {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new TypeError('app is not listening on TCP');
  const url = `ws://127.0.0.1:${address.port}/ws`;
  const clients: TestClient[] = [];
  return {
    app,
    url,
    async connect(cookie) {
      const client = await TestClient.open(url, cookie);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.filter((c) => c.isOpen).map((c) => c.close()));
      await close();
    },
    stop: close,
  };
}

/**
 * An SFU that is there but never used: for tests of who enters a meeting through the SFU, where
 * no media is sent (a server with no SFU at all runs its meetings peer to peer).
 */
export function idleSfu(): SfuAdapter {
  return {
    events: new TypedEvents<SfuAdapterEvents>(),
    isAvailable: true,
    createRoom: () => Promise.reject(new Error('idleSfu hosts no rooms')),
    close: () => Promise.resolve(),
  };
}
