/** The signaling gateway over a real socket and real storage: the waiting room and host actions. */
import { PROTOCOL_VERSION } from '@samtale/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Types a participant outside the call may ever receive. */
const OUTSIDE_TYPES = new Set([
  'welcome',
  'waiting',
  'hostMessage',
  'declined',
  'returnedToWaiting',
  'removed',
  'ended',
  'pong',
  'error',
  'superseded',
]);

describe.each(storageBackends())('signaling gateway on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let server: SignalingServer;
  let clinic: Clinic;

  // One database and server per backend; every test makes its own consultation.
  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    clinic = await seedClinic(storage);
    server = await startSignaling(storage);
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  async function hostIn(consultationId: string): Promise<TestClient> {
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultationId));
    await host.next('welcome');
    await host.next('admitted');
    await host.next('roster');
    return host;
  }

  async function patientWaiting(
    token: string,
    name = 'Kari Pasient',
  ): Promise<{ client: TestClient; id: string; resumeToken: string }> {
    const client = await server.connect();
    client.send(joinWithLinkMessage(token, name));
    const welcome = await client.next('welcome');
    expect(welcome.state).toBe('waiting');
    await client.next('waiting');
    return { client, id: welcome.participantId, resumeToken: welcome.resumeToken };
  }

  it('keeps a patient who arrives before the host waiting and tells them nothing about others', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const patient = await patientWaiting(await link());
    const host = await hostIn(consultation.id);
    const roster = host.received.find((m) => m.type === 'roster');
    expect(roster?.type === 'roster' && roster.participants.map((p) => [p.displayName, p.state])).toEqual([
      ['Kari Pasient', 'waiting'],
      ['Dr. Nordmann', 'admitted'],
    ]);
    await patient.client.barrier();
    expect(patient.client.types().filter((t) => !OUTSIDE_TYPES.has(t))).toEqual([]);
    const row = await storage.participants.get(patient.id);
    expect(row).toMatchObject({ state: 'waiting', identification: { kind: 'invitation-link' }, role: 'patient' });
    expect(row?.consentedAt).toBeInstanceOf(Date);
    const actions = (await storage.audit.list({ consultationId: consultation.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation_used', 'consent_given', 'waiting', 'joined']));
  });

  it('writes 200 join/close cycles with one link as one coalesced audit row with their count', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const token = await link();
    for (let i = 0; i < 200; i += 1) {
      const client = await server.connect();
      client.send(joinWithLinkMessage(token));
      await client.next('welcome');
      await client.close();
    }
    const events = await storage.audit.list({ consultationId: consultation.id });
    const used = events.filter((e) => e.action === 'invitation_used');
    // The first use comes with the consent and the wait (one batch); the 199 returns are one row.
    expect(used.map((e) => e.count)).toEqual([199, 1]);
    expect(events.map((e) => e.action).reverse()).toEqual([
      'invitation_used',
      'consent_given',
      'waiting',
      'invitation_used',
    ]);
    expect(await storage.audit.verify()).toBeNull();
  }, 60_000);

  it('admits a waiting patient: they get admitted with ICE servers and the roster, and the consultation starts', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'admit', id: 'a1', participantId: patient.id });
    const admitted = await patient.client.next('admitted');
    expect(admitted).toEqual({ type: 'admitted', iceServers: [{ urls: 'stun:stun.example.org:3478' }], meshMax: 4 });
    const roster = await patient.client.next('roster');
    expect(roster.participants.map((p) => p.role).sort()).toEqual(['host', 'patient']);
    expect(roster.startedAt).not.toBeNull();
    expect((await storage.consultations.get(consultation.id))?.status).toBe('active');
    expect((await storage.participants.get(patient.id))?.state).toBe('admitted');
  });

  it('declines a waiting patient with a reason and closes their connection', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'decline', participantId: patient.id, reason: 'Please book a new time' });
    expect(await patient.client.next('declined')).toEqual({ type: 'declined', reason: 'Please book a new time' });
    expect((await patient.client.closed).code).toBe(1000);
    expect((await storage.participants.get(patient.id))?.state).toBe('declined');
  });

  it('passes a host message to the waiting room', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'messageWaiting', participantId: patient.id, text: 'Ten minutes late' });
    expect((await patient.client.next('hostMessage')).text).toBe('Ten minutes late');
  });

  it('lets the owner message and decline someone waiting from the dashboard without entering the call', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const first = await patientWaiting(await link(), 'Per Venter');
    const second = await patientWaiting(await link(), 'Pål Venter');
    const dashboard = await server.connect(clinic.clinician.cookie);
    dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    await dashboard.next('dashboard');
    dashboard.send({ type: 'messageWaiting', participantId: first.id, text: 'Five minutes' });
    expect((await first.client.next('hostMessage')).text).toBe('Five minutes');
    dashboard.send({ type: 'decline', participantId: second.id, reason: 'Wrong day' });
    expect(await second.client.next('declined')).toEqual({ type: 'declined', reason: 'Wrong day' });
    // The clinician never became a participant: no host row, nobody admitted, and the call did not start.
    const rows = await storage.participants.listByConsultation(consultation.id);
    expect(rows.map((r) => r.role).sort()).toEqual(['patient', 'patient']);
    expect((await storage.consultations.get(consultation.id))?.status).toBe('open');
    const declined = (await storage.audit.list({ consultationId: consultation.id })).find(
      (e) => e.action === 'declined',
    );
    expect(declined).toMatchObject({
      actorUserId: clinic.clinician.user.id,
      actorParticipantId: null,
      subjectParticipantId: second.id,
    });
  });

  it("refuses dashboard actions on someone else's consultation, and in-call actions from a dashboard", async () => {
    const { link } = await newConsultation(storage, clinic);
    const patient = await patientWaiting(await link());
    const dashboard = await server.connect(clinic.colleague.cookie);
    dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    await dashboard.next('dashboard');
    dashboard.send({ type: 'decline', id: 'd1', participantId: patient.id });
    expect(await dashboard.next('error')).toMatchObject({ code: 'NOT_HOST', ref: 'd1' });
    dashboard.send({ type: 'admit', id: 'd2', participantId: patient.id });
    expect(await dashboard.next('error')).toMatchObject({ code: 'NOT_JOINED', ref: 'd2' });
    expect((await storage.participants.get(patient.id))?.state).toBe('waiting');
  });

  it('sends an admitted patient back to the waiting room, after which signals to them are refused', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('roster');
    host.send({ type: 'returnToWaiting', participantId: patient.id });
    await patient.client.next('returnedToWaiting');
    await patient.client.next('waiting');
    const error = await host.expectError({
      type: 'signal',
      id: 's1',
      to: patient.id,
      data: { kind: 'candidate', candidate: null },
    });
    expect(error).toMatchObject({ code: 'PARTICIPANT_NOT_FOUND', ref: 's1' });
    expect((await storage.participants.get(patient.id))?.state).toBe('waiting');
  });

  it('removes an admitted participant and closes their connection', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('roster');
    host.send({ type: 'remove', participantId: patient.id });
    await patient.client.next('removed');
    await patient.client.closed;
    expect((await storage.participants.get(patient.id))?.state).toBe('removed');
  });

  it('ends the consultation for everyone, and the link is refused afterwards', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const token = await link();
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(token);
    host.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('roster');
    host.send({ type: 'end', id: 'end' });
    await host.next('ended');
    await patient.client.next('ended');
    await Promise.all([host.closed, patient.client.closed]);
    expect((await storage.consultations.get(consultation.id))?.status).toBe('ended');
    const late = await server.connect();
    expect(await late.expectError(joinWithLinkMessage(token, 'Kari', 'late'))).toMatchObject({
      code: 'CONSULTATION_ENDED',
      ref: 'late',
    });
    const resumed = await server.connect();
    expect(
      await resumed.expectError({ type: 'resume', id: 'r', protocolVersion: 1, resumeToken: patient.resumeToken }),
    ).toMatchObject({
      code: 'CONSULTATION_ENDED',
    });
    const hostAgain = await server.connect(clinic.clinician.cookie);
    expect(await hostAgain.expectError(joinAsHostMessage(consultation.id))).toMatchObject({
      code: 'CONSULTATION_ENDED',
    });
  });

  it('refuses host actions from a patient with NOT_HOST', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    const relative = await patientWaiting(await link('relative'), 'Ola Pårørende');
    host.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('roster');
    const error = await patient.client.expectError({ type: 'admit', id: 'x', participantId: relative.id });
    expect(error).toMatchObject({ type: 'error', code: 'NOT_HOST', ref: 'x' });
    expect((await storage.participants.get(relative.id))?.state).toBe('waiting');
  });

  it('refuses to let someone who is not the owner join as host', async () => {
    const { consultation } = await newConsultation(storage, clinic);
    const colleague = await server.connect(clinic.colleague.cookie);
    expect(await colleague.expectError(joinAsHostMessage(consultation.id))).toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = await server.connect();
    expect(await anonymous.expectError(joinAsHostMessage(consultation.id))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('relays signals only between admitted members', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    const waiting = await patientWaiting(await link('interpreter'), 'Tolk');
    const hostId = host.received.find((m) => m.type === 'welcome');
    if (hostId?.type !== 'welcome') throw new Error('no welcome');
    const data = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
    expect(await waiting.client.expectError({ type: 'signal', id: 'w', to: hostId.participantId, data })).toMatchObject(
      {
        code: 'INVALID_STATE',
      },
    );
    host.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('roster');
    host.send({ type: 'signal', to: patient.id, data });
    expect(await patient.client.next('signal')).toEqual({ type: 'signal', from: hostId.participantId, data });
    patient.client.send({ type: 'signal', to: hostId.participantId, data: { kind: 'candidate', candidate: null } });
    expect((await host.next('signal')).from).toBe(patient.id);
    await waiting.client.barrier();
    expect(waiting.client.types().filter((t) => !OUTSIDE_TYPES.has(t))).toEqual([]);
  });

  it('updates the roster when an admitted member changes microphone or camera', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const patient = await patientWaiting(await link());
    host.send({ type: 'admit', participantId: patient.id });
    await host.next('roster');
    patient.client.send({ type: 'mediaState', isAudioOn: false, isVideoOn: true });
    const roster = await host.next('roster', (r) => r.participants.some((p) => p.id === patient.id && !p.isAudioOn));
    expect(roster.participants.find((p) => p.id === patient.id)).toMatchObject({ isAudioOn: false, isVideoOn: true });
  });

  it('refuses to admit beyond MESH_MAX with ROOM_FULL', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    const admittedOnes = [await patientWaiting(await link()), await patientWaiting(await link('relative'), 'Ola')];
    admittedOnes.push(await patientWaiting(await link('interpreter'), 'Tolk'));
    for (const p of admittedOnes) {
      host.send({ type: 'admit', participantId: p.id });
      await p.client.next('roster');
    }
    const fifth = await patientWaiting(await link('colleague'), 'Kollega');
    expect(await host.expectError({ type: 'admit', id: 'full', participantId: fifth.id })).toMatchObject({
      code: 'ROOM_FULL',
      ref: 'full',
    });
    expect((await storage.participants.get(fifth.id))?.state).toBe('waiting');
  });
});
