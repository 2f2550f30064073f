/**
 * Issue 8 over real sockets: the identity rules of a call refuse what they must (coded, nothing
 * stored), a host records an ID shown in the video (live for everyone, audited), only a host may,
 * and host-only parts of an identification never reach anyone else's socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantView } from '@samtale/protocol';
import { randomToken, sha256Hex } from '../src/auth/tokens.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
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

describe.each(storageBackends())('identification over signaling on $name', (backend) => {
  let opened: OpenedStorage;
  let server: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    server = await startSignaling(opened.storage, { sfu: idleSfu() });
    clinic = await seedClinic(opened.storage);
  });
  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  const clinicalMeeting = async () => {
    const { consultation: meeting, link } = await newConsultation(opened.storage, clinic, clinic.clinician, {
      kind: 'clinical',
      hasPersonalData: true,
    });
    return { meeting, patientLink: await link('patient') };
  };

  it('refuses a host logged in with only a password in a clinical meeting, and stores no participant', async () => {
    const { meeting } = await clinicalMeeting();
    const host = await server.connect(clinic.clinician.cookie);
    const error = await host.expectError(joinAsMemberMessage(meeting.id));
    expect(error.code).toBe('IDENTIFICATION_REQUIRED');
    expect(await opened.storage.participants.listByConsultation(meeting.id)).toEqual([]);
  });

  it('refuses to admit a link-only patient to a clinical meeting until the host records the ID shown in the video', async () => {
    const { meeting, patientLink } = await clinicalMeeting();
    const cookie = await sessionCookie(opened.storage, clinic.clinician.user, { method: 'passkey' });
    const host = await server.connect(cookie);
    host.send(joinAsMemberMessage(meeting.id));
    await host.next('admitted');
    const hostRoster = await host.next('roster');
    expect(hostRoster.participants[0]?.identification).toEqual({ kind: 'local-account', hasPasskey: true });

    const patient = await server.connect();
    patient.send(joinWithLinkMessage(patientLink, 'Per Pasient'));
    const welcome = await patient.next('welcome');
    const waiting = (await host.next('roster', (r) => r.participants.length === 2)).participants;
    expect(waiting.find((p) => p.id === welcome.participantId)?.identification).toEqual({ kind: 'invitation-link' });

    host.send({ type: 'admit', id: 'admit-1', participantId: welcome.participantId });
    const refusal = await host.next('error');
    expect(refusal).toMatchObject({ code: 'IDENTIFICATION_REQUIRED', ref: 'admit-1' });
    expect((await opened.storage.participants.get(welcome.participantId))?.state).toBe('waiting');
    const auditBefore = await opened.storage.audit.list({ consultationId: meeting.id });
    expect(auditBefore.map((e) => e.action)).not.toContain('admitted');

    // The patient may not record their own ID check (nor could anyone but the host).
    expect(
      (await patient.expectError({ type: 'recordIdShownInVideo', participantId: welcome.participantId })).code,
    ).toBe('NOT_HOST');
    expect((await opened.storage.participants.get(welcome.participantId))?.identification).toEqual({
      kind: 'invitation-link',
    });

    host.send({ type: 'recordIdShownInVideo', participantId: welcome.participantId });
    const recorded = await host.next('roster', (r) =>
      r.participants.some((p) => p.identification.kind === 'id-shown-in-video'),
    );
    expect(recorded.participants.find((p) => p.id === welcome.participantId)?.identification).toEqual({
      kind: 'id-shown-in-video',
      recordedByName: 'Dr. Nordmann',
    });
    const stored = await opened.storage.participants.get(welcome.participantId);
    expect(stored?.identification).toEqual({ kind: 'id-shown-in-video', recordedByName: 'Dr. Nordmann' });
    const audit = await opened.storage.audit.list({ consultationId: meeting.id, action: 'id_shown_in_video' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subjectParticipantId: welcome.participantId,
      actorUserId: clinic.clinician.user.id,
    });

    host.send({ type: 'admit', participantId: welcome.participantId });
    await patient.next('admitted');
    const patientRoster = await patient.next('roster');
    const self = patientRoster.participants.find((p) => p.id === welcome.participantId);
    expect(self?.identification.kind).toBe('id-shown-in-video');
  });

  it('refuses an ID record by a colleague who is not the host', async () => {
    const { consultation, link } = await newConsultation(opened.storage, clinic);
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultation.id));
    await host.next('admitted');
    const relative = await server.connect();
    relative.send(joinWithLinkMessage(await link('relative'), 'Pårørende'));
    const relativeId = (await relative.next('welcome')).participantId;
    host.send({ type: 'admit', participantId: relativeId });
    await relative.next('admitted');
    const patient = await server.connect();
    patient.send(joinWithLinkMessage(await link('patient'), 'Per'));
    const patientId = (await patient.next('welcome')).participantId;
    const error = await relative.expectError({ type: 'recordIdShownInVideo', participantId: patientId });
    expect(error.code).toBe('NOT_HOST');
    expect((await opened.storage.participants.get(patientId))?.identification).toEqual({ kind: 'invitation-link' });
  });

  it('sends an ID-porten patient’s birth date and expected-patient match to hosts only', async () => {
    const { consultation, link } = await newConsultation(opened.storage, clinic);
    const identified = await opened.storage.participants.create({
      consultationId: consultation.id,
      role: 'patient',
      displayName: 'Ida Identifisert',
      identification: { kind: 'idporten', level: 'high', birthDate: '1980-05-17', expectedPatient: 'match' },
      pidHmac: 'a'.repeat(64),
      userId: null,
      invitationId: null,
      state: 'admitted',
      resumeTokenHash: sha256Hex(randomToken(16)),
      waitingSince: null,
      firstJoinedAt: new Date(),
      lastLeftAt: null,
      consentedAt: new Date(),
    });
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultation.id));
    await host.next('admitted');
    const ofIdentified = (ps: ParticipantView[]) => ps.find((p) => p.id === identified.id)?.identification;
    expect(ofIdentified((await host.next('roster')).participants)).toEqual({
      kind: 'idporten',
      level: 'high',
      birthDate: '1980-05-17',
      expectedPatient: 'match',
    });

    const relative = await server.connect();
    relative.send(joinWithLinkMessage(await link('relative'), 'Pårørende'));
    const relativeId = (await relative.next('welcome')).participantId;
    host.send({ type: 'admit', participantId: relativeId });
    await relative.next('admitted');
    expect(ofIdentified((await relative.next('roster')).participants)).toEqual({ kind: 'idporten', level: 'high' });
    await relative.barrier();
    const everything = JSON.stringify(relative.received);
    expect(everything).not.toContain('1980-05-17');
    expect(everything).not.toContain('expectedPatient');
    expect(everything).not.toContain('a'.repeat(64));
    expect(JSON.stringify(host.received)).not.toContain('a'.repeat(64));
  });
});
