/** Resume, take-over by a second device, the waiting-room grace period, and the live dashboard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import type { Storage } from '../src/storage/types.ts';
import {
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';
import type { TestClient } from './helpers/TestClient.ts';

describe.each(storageBackends())('signaling resilience on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let server: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    clinic = await seedClinic(storage);
    server = await startSignaling(storage, { waitingGraceMs: 150 });
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  async function hostIn(consultationId: string): Promise<{ client: TestClient; id: string }> {
    const client = await server.connect(clinic.clinician.cookie);
    client.send(joinAsHostMessage(consultationId));
    const welcome = await client.next('welcome');
    await client.next('roster');
    return { client, id: welcome.participantId };
  }

  async function admittedPatient(host: TestClient, token: string) {
    const client = await server.connect();
    client.send(joinWithLinkMessage(token));
    const welcome = await client.next('welcome');
    host.send({ type: 'admit', participantId: welcome.participantId });
    await client.next('roster');
    return { client, id: welcome.participantId, resumeToken: welcome.resumeToken };
  }

  it('keeps an admitted patient admitted when they resume after their socket dropped', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await admittedPatient(host.client, await link());
    await patient.client.close();
    await host.client.next('roster', (r) => r.participants.some((p) => p.id === patient.id && !p.isConnected));

    const again = await server.connect();
    again.send({ type: 'resume', protocolVersion: PROTOCOL_VERSION, resumeToken: patient.resumeToken });
    const welcome = await again.next('welcome');
    expect(welcome).toMatchObject({ participantId: patient.id, state: 'admitted' });
    expect(welcome.resumeToken).not.toBe(patient.resumeToken);
    await again.next('admitted');
    await again.next('roster');
    await host.client.next('roster', (r) => r.participants.some((p) => p.id === patient.id && p.isConnected));

    // The old token was replaced: it cannot be used a second time.
    const thief = await server.connect();
    expect(
      await thief.expectError({
        type: 'resume',
        id: 'old',
        protocolVersion: PROTOCOL_VERSION,
        resumeToken: patient.resumeToken,
      }),
    ).toMatchObject({
      code: 'RESUME_INVALID',
      ref: 'old',
    });
  });

  it('keeps a second device with the same link waiting while the patient is in the call; the host admits it and the first device is superseded', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const token = await link();
    const host = await hostIn(consultation.id);
    const phone = await admittedPatient(host.client, token);

    const laptop = await server.connect();
    laptop.send(joinWithLinkMessage(token, 'Ola Videresendt'));
    const welcome = await laptop.next('welcome');
    expect(welcome).toMatchObject({ state: 'waiting' });
    expect(welcome.participantId).not.toBe(phone.id);
    await laptop.next('waiting');
    const roster = await host.client.next('roster', (r) => r.participants.some((p) => p.id === welcome.participantId));
    expect(roster.participants.find((p) => p.id === welcome.participantId)).toMatchObject({
      state: 'waiting',
      displayName: 'Ola Videresendt',
      otherDeviceOf: phone.id,
    });
    await laptop.barrier();
    expect(laptop.types()).not.toContain('admitted');
    expect(laptop.types()).not.toContain('roster');
    expect(phone.client.types()).not.toContain('superseded');

    host.client.send({ type: 'admit', participantId: welcome.participantId });
    await laptop.next('admitted');
    await laptop.next('roster');
    await phone.client.next('superseded');
    await phone.client.closed;
    expect((await storage.participants.get(phone.id))?.state).toBe('left');
    const [invitation] = await storage.invitations.listByConsultation(consultation.id);
    expect(invitation?.participantId).toBe(welcome.participantId);
    await host.client.next('roster', (r) => !r.participants.some((p) => p.id === phone.id));
  });

  it('refuses the second device when the host declines it, and the patient keeps the seat', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const token = await link();
    const host = await hostIn(consultation.id);
    const phone = await admittedPatient(host.client, token);
    const laptop = await server.connect();
    laptop.send(joinWithLinkMessage(token, 'Ola Videresendt'));
    const welcome = await laptop.next('welcome');
    await host.client.next('roster', (r) => r.participants.some((p) => p.otherDeviceOf === phone.id));
    host.client.send({ type: 'decline', participantId: welcome.participantId });
    await laptop.next('declined');
    await laptop.closed;
    await phone.client.barrier();
    expect(phone.client.types()).not.toContain('superseded');
    expect((await storage.participants.get(phone.id))?.state).toBe('admitted');
    const [invitation] = await storage.invitations.listByConsultation(consultation.id);
    expect(invitation?.participantId).toBe(phone.id);
  });

  it('gives a link opened on two devices at the same moment to one participant', async () => {
    // Both devices read the link (nobody holds it yet) before either enters the room's queue.
    let reads = 0;
    let releaseReads!: () => void;
    const bothRead = new Promise<void>((resolve) => (releaseReads = resolve));
    const racing: Storage = {
      ...storage,
      invitations: {
        ...storage.invitations,
        async findByTokenHash(tokenHash) {
          const row = await storage.invitations.findByTokenHash(tokenHash);
          reads += 1;
          if (reads === 2) releaseReads();
          if (reads <= 2) await bothRead;
          return row;
        },
      },
    };
    const racingServer = await startSignaling(racing);
    try {
      const { consultation, link } = await newConsultation(storage, clinic);
      const token = await link();
      const [phone, laptop] = await Promise.all([racingServer.connect(), racingServer.connect()]);
      phone.send(joinWithLinkMessage(token));
      laptop.send(joinWithLinkMessage(token));
      const [first, second] = await Promise.all([phone.next('welcome'), laptop.next('welcome')]);
      expect(second.participantId).toBe(first.participantId);
      expect(await storage.participants.listByConsultation(consultation.id)).toHaveLength(1);
      const [invitation] = await storage.invitations.listByConsultation(consultation.id);
      expect(invitation?.participantId).toBe(first.participantId);
    } finally {
      await racingServer.close();
    }
  });

  it('marks a waiting patient as left when their socket stays closed past the grace period', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await server.connect();
    patient.send(joinWithLinkMessage(await link()));
    const { participantId } = await patient.next('welcome');
    await host.client.next('roster', (r) => r.participants.some((p) => p.id === participantId));
    await patient.close();
    await host.client.next('roster', (r) => !r.participants.some((p) => p.id === participantId));
    expect((await storage.participants.get(participantId))?.state).toBe('left');
    const audit = await storage.audit.list({ consultationId: consultation.id });
    expect(audit.filter((e) => e.subjectParticipantId === participantId).map((e) => e.action)).toContain('left');
  });

  it('keeps a waiting patient who comes back within the grace period in the queue', async () => {
    // A server of its own with the default 30 s grace, so the test cannot outrun it.
    const patient30 = await startSignaling(storage);
    try {
      const { consultation, link } = await newConsultation(storage, clinic);
      const token = await link();
      const patient = await patient30.connect();
      patient.send(joinWithLinkMessage(token));
      const { participantId } = await patient.next('welcome');
      const { since } = await patient.next('waiting');
      await patient.close();
      const again = await patient30.connect();
      again.send(joinWithLinkMessage(token));
      expect(await again.next('welcome')).toMatchObject({ participantId, state: 'waiting' });
      // Still the same place in the queue: waiting since the first arrival.
      expect((await again.next('waiting')).since).toBe(since);
      const audit = await storage.audit.list({ consultationId: consultation.id });
      expect(audit.map((e) => e.action)).not.toContain('left');
    } finally {
      await patient30.close();
    }
  });

  it('updates the clinician dashboard live as patients wait and are admitted', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const dashboard = await server.connect(clinic.clinician.cookie);
    dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    const first = await dashboard.next('dashboard');
    expect(first.consultations.find((c) => c.id === consultation.id)?.waiting).toEqual([]);

    const patient = await server.connect();
    patient.send(joinWithLinkMessage(await link(), 'Kari Venter'));
    const { participantId } = await patient.next('welcome');
    const waiting = await dashboard.next('dashboard', (d) =>
      d.consultations.some((c) => c.id === consultation.id && c.waiting.length === 1),
    );
    expect(waiting.consultations.find((c) => c.id === consultation.id)?.waiting[0]).toMatchObject({
      participantId,
      displayName: 'Kari Venter',
    });

    const host = await hostIn(consultation.id);
    host.client.send({ type: 'admit', participantId });
    await dashboard.next('dashboard', (d) =>
      d.consultations.some((c) => c.id === consultation.id && c.waiting.length === 0 && c.admittedCount === 2),
    );
  });

  it('refuses a dashboard to someone who is not logged in', async () => {
    const anonymous = await server.connect();
    expect(
      await anonymous.expectError({ type: 'watchDashboard', id: 'd', protocolVersion: PROTOCOL_VERSION }),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
      ref: 'd',
    });
  });
});
