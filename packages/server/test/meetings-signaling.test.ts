/** Entering meetings by policy, lock, and the admitted maximum, over real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingKind } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  addClinician,
  idleSfu,
  joinAsHostMessage,
  joinAsMemberMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  sessionCookie,
  startSignaling,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';

describe.each(storageBackends())('meetings over signaling on $name', (backend) => {
  let opened: OpenedStorage;
  /** A server with an SFU (one that is never asked for media here). */
  let server: SignalingServer;
  /** A server without any SFU (the embedded default with no Janus): meetings run peer to peer. */
  let meshServer: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    server = await startSignaling(opened.storage, { sfu: idleSfu() });
    meshServer = await startSignaling(opened.storage, { sfu: null });
    clinic = await seedClinic(opened.storage);
  });
  afterAll(async () => {
    await server.close();
    await meshServer.close();
    await opened.dispose();
  });

  const newMeeting = async (kind: MeetingKind, hasPersonalData = false) => {
    const { consultation: meeting, link } = await newConsultation(opened.storage, clinic, clinic.clinician, {
      kind,
      hasPersonalData,
    });
    return { meeting, link: () => link() };
  };

  it('lets members into an internal meeting directly, as the SFU kind, while a guest with a link waits', async () => {
    const { meeting, link } = await newMeeting('internal');
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    expect((await host.next('welcome')).role).toBe('host');
    expect(await host.next('admitted')).toMatchObject({ media: 'sfu' });

    const member = await server.connect(clinic.colleague.cookie);
    member.send(joinAsMemberMessage(meeting.id));
    expect(await member.next('welcome')).toMatchObject({ role: 'colleague', state: 'admitted' });
    expect(await member.next('admitted')).toMatchObject({ media: 'sfu' });

    const guest = await server.connect();
    guest.send(joinWithLinkMessage(await link(), 'Gjest'));
    expect((await guest.next('welcome')).state).toBe('waiting');
    await guest.next('waiting');
    await guest.barrier();
    expect(guest.types()).not.toContain('roster');
    expect(guest.types()).not.toContain('admitted');
  });

  it('makes members wait in a clinical meeting until the host admits them', async () => {
    const { meeting } = await newMeeting('clinical');
    // Clinical meetings need members logged in with a passkey (or HelseID level 4): issue 8.
    const passkey = { method: 'passkey' } as const;
    const host = await server.connect(await sessionCookie(opened.storage, clinic.clinician.user, passkey));
    host.send(joinAsMemberMessage(meeting.id));
    await host.next('admitted');
    const member = await server.connect(await sessionCookie(opened.storage, clinic.colleague.user, passkey));
    member.send(joinAsMemberMessage(meeting.id));
    const welcome = await member.next('welcome');
    expect(welcome.state).toBe('waiting');
    host.send({ type: 'admit', participantId: welcome.participantId });
    expect(await member.next('admitted')).toMatchObject({ media: 'sfu' });
  });

  it('refuses everyone new once the host locks the meeting, even to wait, and lets them in after unlocking', async () => {
    const { meeting, link } = await newMeeting('external');
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    await host.next('admitted');
    host.send({ type: 'lock', isLocked: true });
    expect(await host.next('locked')).toEqual({ type: 'locked', isLocked: true });
    expect((await opened.storage.consultations.get(meeting.id))?.isLocked).toBe(true);

    const guest = await server.connect();
    expect((await guest.expectError(joinWithLinkMessage(await link(), 'Sen gjest'))).code).toBe('FORBIDDEN');
    const member = await server.connect(clinic.colleague.cookie);
    expect((await member.expectError(joinAsMemberMessage(meeting.id))).code).toBe('FORBIDDEN');

    host.send({ type: 'lock', isLocked: false });
    await host.next('locked', (m) => !m.isLocked);
    member.send(joinAsMemberMessage(meeting.id));
    expect((await member.next('welcome')).state).toBe('waiting');
  });

  it('admits members directly up to the policy maximum (50), beyond the mesh limit of consultations', async () => {
    const { meeting } = await newMeeting('internal');
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    await host.next('admitted');
    for (let i = 0; i < 6; i += 1) {
      const other = await addClinician(opened.storage, clinic.organisationId, `Kollega ${i}`);
      const client = await server.connect(other.cookie);
      client.send(joinAsMemberMessage(meeting.id));
      expect((await client.next('welcome')).state).toBe('admitted');
    }
  });

  it('refuses a member join into a 1:1 consultation, which stays host-and-link only', async () => {
    const consultation = await opened.storage.consultations.create({
      organisationId: clinic.organisationId,
      ownerUserId: clinic.clinician.user.id,
      label: null,
    });
    const member = await server.connect(clinic.colleague.cookie);
    expect((await member.expectError(joinAsMemberMessage(consultation.id))).code).toBe('CONSULTATION_NOT_FOUND');
  });

  it('without an SFU runs a meeting peer to peer: admitted says mesh, and members relay signals to each other', async () => {
    const { meeting } = await newMeeting('internal');
    const host = await meshServer.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    const hostId = (await host.next('welcome')).participantId;
    expect(await host.next('admitted')).toMatchObject({ media: 'mesh', meshMax: 4 });
    const member = await meshServer.connect(clinic.colleague.cookie);
    member.send(joinAsMemberMessage(meeting.id));
    const memberId = (await member.next('welcome')).participantId;
    expect(await member.next('admitted')).toMatchObject({ media: 'mesh', meshMax: 4 });
    member.send({ type: 'signal', to: hostId, data: { kind: 'candidate', candidate: null } });
    expect(await host.next('signal')).toEqual({
      type: 'signal',
      from: memberId,
      data: { kind: 'candidate', candidate: null },
    });
  });

  it('without an SFU keeps a consultation as it always was: admitted names no media', async () => {
    const { consultation } = await newConsultation(opened.storage, clinic);
    const host = await meshServer.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultation.id));
    const admitted = await host.next('admitted');
    expect(admitted).not.toHaveProperty('media');
  });

  it('without an SFU admits at most MESH_MAX: members beyond it wait, and admitting one is refused with MEETING_NEEDS_SFU', async () => {
    const { meeting, link } = await newMeeting('internal');
    const host = await meshServer.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    await host.next('admitted');
    for (let i = 0; i < 3; i += 1) {
      const other = await addClinician(opened.storage, clinic.organisationId, `Mesh-kollega ${i}`);
      const client = await meshServer.connect(other.cookie);
      client.send(joinAsMemberMessage(meeting.id));
      expect((await client.next('welcome')).state).toBe('admitted');
    }
    const fifth = await addClinician(opened.storage, clinic.organisationId, 'Femte kollega');
    const late = await meshServer.connect(fifth.cookie);
    late.send(joinAsMemberMessage(meeting.id));
    expect((await late.next('welcome')).state).toBe('waiting');
    const guest = await meshServer.connect();
    guest.send(joinWithLinkMessage(await link(), 'Gjest'));
    const guestId = (await guest.next('welcome')).participantId;
    const refusal = await host.expectError({ type: 'admit', id: 'admit-guest', participantId: guestId });
    expect(refusal).toMatchObject({ code: 'MEETING_NEEDS_SFU', ref: 'admit-guest' });
    expect(refusal.message).toContain('JANUS_URL');
    await guest.barrier();
    expect(guest.types()).not.toContain('admitted');
  });

  it('without an SFU a full consultation still answers ROOM_FULL (its limit is MESH_MAX anyway)', async () => {
    const { consultation, link } = await newConsultation(opened.storage, clinic);
    const host = await meshServer.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultation.id));
    await host.next('admitted');
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const patient = await meshServer.connect();
      patient.send(joinWithLinkMessage(await link(), `Pasient ${i}`));
      ids.push((await patient.next('welcome')).participantId);
    }
    for (const id of ids.slice(0, 3)) {
      host.send({ type: 'admit', participantId: id });
      await host.next('roster', (m) => m.participants.some((p) => p.id === id && p.state === 'admitted'));
    }
    expect(await host.expectError({ type: 'admit', id: 'admit-5', participantId: ids[3] ?? '' })).toMatchObject({
      code: 'ROOM_FULL',
    });
  });
});
