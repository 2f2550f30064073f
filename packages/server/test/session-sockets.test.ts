/**
 * Sockets that act with a login session (issue 8, "session and link defects"): they must come from
 * the service's own pages, and they end with the session — on logout (on every node), at expiry.
 * A host's resume token is worth only as much as the host's login.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedConsultation, PROTOCOL_VERSION, SESSION_COOKIE } from '@samtale/protocol';
import { InMemoryBus } from '../src/cluster/InMemoryBus.ts';
import { randomToken, sha256Hex } from '../src/auth/tokens.ts';
import { CLOSE_SESSION_ENDED } from '../src/signaling/Connection.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  TEST_PUBLIC_URL,
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from './helpers/test-app.ts';
import { joinAsHostMessage, joinWithLinkMessage, startSignaling, seedClinic } from './helpers/signaling-fixtures.ts';
import { TestClient } from './helpers/TestClient.ts';

const EVIL_ORIGIN = 'https://evil.example';

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
}

describe.each(storageBackends())('sockets of a login session on $name', (backend) => {
  let opened: OpenedStorage;
  const bus = new InMemoryBus();
  /** Two nodes over one bus: node A answers HTTP, node B holds the sockets. */
  let nodeA: TestApp;
  let nodeB: TestApp;
  let urlB: string;
  let admin: TestSession;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    opened = await backend.open();
    nodeA = await startTestApp(opened.storage, {}, { bus });
    nodeB = await startTestApp(opened.storage, {}, { bus });
    urlB = await listen(nodeB);
    admin = await setUpAdmin(nodeA, opened.storage);
  });
  afterAll(async () => {
    await Promise.all(clients.filter((c) => c.isOpen).map((c) => c.close()));
    await nodeB.close();
    await nodeA.close();
    await bus.close();
    await opened.dispose();
  });

  async function connect(cookie?: string, origin: string | undefined = TEST_PUBLIC_URL): Promise<TestClient> {
    const client = await TestClient.open(urlB, cookie, origin);
    clients.push(client);
    return client;
  }

  async function newConsultation(owner: TestSession): Promise<CreatedConsultation> {
    const r = await nodeA.app.inject({
      method: 'POST',
      url: '/api/consultations',
      headers: authHeaders(owner),
      payload: {},
    });
    return CreatedConsultation.parse(r.json());
  }

  const linkToken = (created: CreatedConsultation) => created.invitation.url?.split('/j/')[1] ?? '';

  it("refuses a dashboard, dashboard actions and a host join on a socket opened by another site's page, even with the clinician's cookie", async () => {
    const clinician = await addUser(nodeA, admin);
    const created = await newConsultation(clinician);
    const patient = await connect(undefined);
    patient.send(joinWithLinkMessage(linkToken(created), 'Kari Pasient'));
    const waiting = await patient.next('welcome');

    const evil = await connect(clinician.cookie, EVIL_ORIGIN);
    expect(
      await evil.expectError({ type: 'watchDashboard', id: 'd', protocolVersion: PROTOCOL_VERSION }),
    ).toMatchObject({ code: 'FORBIDDEN', ref: 'd' });
    expect(
      await evil.expectError({ type: 'messageWaiting', id: 'm', participantId: waiting.participantId, text: 'Hei' }),
    ).toMatchObject({ code: 'NOT_JOINED', ref: 'm' });
    expect(await evil.expectError(joinAsHostMessage(created.consultation.id, 'h'))).toMatchObject({
      code: 'FORBIDDEN',
      ref: 'h',
    });
    await evil.barrier();
    expect(evil.types().filter((t) => t !== 'error' && t !== 'pong')).toEqual([]);
    await patient.barrier();
    expect(patient.types()).not.toContain('hostMessage');

    // The same cookie from the service's own page works.
    const own = await connect(clinician.cookie, TEST_PUBLIC_URL);
    own.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    const dashboard = await own.next('dashboard');
    expect(dashboard.consultations.map((c) => c.id)).toContain(created.consultation.id);
  });

  it('lets a patient with a link and no cookie join from any origin: the link is the only authority such a socket has', async () => {
    const clinician = await addUser(nodeA, admin);
    const created = await newConsultation(clinician);
    const patient = await connect(undefined, EVIL_ORIGIN);
    patient.send(joinWithLinkMessage(linkToken(created)));
    expect((await patient.next('welcome')).state).toBe('waiting');
  });

  it('closes the dashboard and the host socket on another node when the clinician logs out, and the host resume token stops working', async () => {
    const clinician = await addUser(nodeA, admin);
    const created = await newConsultation(clinician);
    const dashboard = await connect(clinician.cookie);
    dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    await dashboard.next('dashboard');
    const host = await connect(clinician.cookie);
    host.send(joinAsHostMessage(created.consultation.id));
    const welcome = await host.next('welcome');
    await host.next('roster');

    const out = await nodeA.app.inject({ method: 'POST', url: '/api/auth/logout', headers: authHeaders(clinician) });
    expect(out.statusCode).toBe(204);
    for (const socket of [dashboard, host]) {
      expect(await socket.next('error')).toMatchObject({ code: 'UNAUTHENTICATED', isFatal: true });
      expect((await socket.closed).code).toBe(CLOSE_SESSION_ENDED);
    }

    // A patient arriving now is not shown to the closed dashboard.
    const patient = await connect(undefined);
    patient.send(joinWithLinkMessage(linkToken(created), 'Ola Etterpå'));
    await patient.next('welcome');
    expect(dashboard.received.filter((m) => m.type === 'dashboard')).toHaveLength(1);

    for (const cookie of [undefined, clinician.cookie]) {
      const thief = await connect(cookie);
      expect(
        await thief.expectError({
          type: 'resume',
          id: 'r',
          protocolVersion: PROTOCOL_VERSION,
          resumeToken: welcome.resumeToken,
        }),
      ).toMatchObject({ code: 'RESUME_INVALID' });
    }
  });

  it("resumes a host only on a socket with a live session of the host's own account", async () => {
    const clinician = await addUser(nodeA, admin);
    const colleague = await addUser(nodeA, admin);
    const created = await newConsultation(clinician);
    const host = await connect(clinician.cookie);
    host.send(joinAsHostMessage(created.consultation.id));
    const welcome = await host.next('welcome');
    await host.next('roster');
    await host.close();

    for (const cookie of [undefined, colleague.cookie]) {
      const other = await connect(cookie);
      expect(
        await other.expectError({
          type: 'resume',
          id: 'r',
          protocolVersion: PROTOCOL_VERSION,
          resumeToken: welcome.resumeToken,
        }),
      ).toMatchObject({ code: 'RESUME_INVALID' });
    }
    const again = await connect(clinician.cookie);
    again.send({ type: 'resume', protocolVersion: PROTOCOL_VERSION, resumeToken: welcome.resumeToken });
    expect(await again.next('welcome')).toMatchObject({ participantId: welcome.participantId, state: 'admitted' });
  });
});

describe.each(storageBackends())('a login session that expires on $name', (backend) => {
  let opened: OpenedStorage;

  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened.dispose();
  });

  it('closes the host socket when the session expires, after which the resume token is refused', async () => {
    const { storage } = opened;
    const clinic = await seedClinic(storage);
    const token = randomToken(32);
    const now = new Date();
    await storage.sessions.create({
      tokenHash: sha256Hex(token),
      userId: clinic.clinician.user.id,
      csrfToken: randomToken(32),
      loginMethod: { method: 'password' },
      createdAt: now,
      expiresAt: new Date(now.getTime() + 1000),
    });
    const cookie = `${SESSION_COOKIE}=${token}`;
    const consultation = await storage.consultations.create({
      organisationId: clinic.organisationId,
      ownerUserId: clinic.clinician.user.id,
      label: null,
    });
    const server = await startSignaling(storage);
    try {
      const host = await server.connect(cookie);
      host.send(joinAsHostMessage(consultation.id));
      const welcome = await host.next('welcome');
      expect(await host.next('error')).toMatchObject({ code: 'UNAUTHENTICATED', isFatal: true });
      expect((await host.closed).code).toBe(CLOSE_SESSION_ENDED);

      const again = await server.connect(cookie);
      expect(
        await again.expectError({
          type: 'resume',
          id: 'r',
          protocolVersion: PROTOCOL_VERSION,
          resumeToken: welcome.resumeToken,
        }),
      ).toMatchObject({ code: 'RESUME_INVALID' });
    } finally {
      await server.close();
    }
  });
});
