import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from './repositories/audit.ts';
import type { KyselyStorage } from './create-storage.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import type { ConsultationRow, ParticipantRow } from './types.ts';

describe.each(storageBackends())('a room command’s changes on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
  });
  afterAll(() => opened.dispose());

  async function roomWithWaitingPatient(): Promise<{ consultation: ConsultationRow; patient: ParticipantRow }> {
    const organisationId = (await storage.organisations.create('Legekontoret')).id;
    const owner = await storage.users.create({
      organisationId,
      email: `${randomUUID()}@example.no`,
      displayName: 'Kari',
      role: 'clinician',
      passwordHash: 'argon2-hash',
    });
    const consultation = await storage.consultations.create({ organisationId, ownerUserId: owner.id, label: null });
    const patient = await storage.participants.create({
      consultationId: consultation.id,
      role: 'patient',
      displayName: 'Ola',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      invitationId: null,
      state: 'waiting',
      resumeTokenHash: randomUUID(),
      waitingSince: new Date('2030-01-15T10:00:00Z'),
      firstJoinedAt: null,
      lastLeftAt: null,
      consentedAt: null,
    });
    return { consultation, patient };
  }

  it('writes the participants, the consultation and the audit events of one command', async () => {
    const { consultation, patient } = await roomWithWaitingPatient();
    const at = new Date('2030-01-15T10:05:00Z');
    await storage.rooms.record(
      {
        consultationId: consultation.id,
        participants: new Map([[patient.id, { state: 'admitted', waitingSince: null, firstJoinedAt: at }]]),
        consultation: { kind: 'started', at },
        audit: [{ action: 'admitted', consultationId: consultation.id, subjectParticipantId: patient.id }],
      },
      at,
    );
    expect(await storage.participants.get(patient.id)).toMatchObject({
      state: 'admitted',
      waitingSince: null,
      firstJoinedAt: at,
      lastLeftAt: null,
    });
    expect(await storage.consultations.get(consultation.id)).toMatchObject({ status: 'active', startedAt: at });
    const events = await storage.audit.list({ consultationId: consultation.id });
    expect(events.map((e) => [e.action, e.subjectParticipantId, e.at])).toEqual([['admitted', patient.id, at]]);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('still writes everything when another writer appended to the audit trail first', async () => {
    const { consultation, patient } = await roomWithWaitingPatient();
    await storage.audit.append({ action: 'login' });
    // A second node on the same database: this node's remembered head is now stale.
    await new AuditLog(storage.db).append({ action: 'logout' });
    const at = new Date('2030-01-15T11:00:00Z');
    await storage.rooms.record(
      {
        consultationId: consultation.id,
        participants: new Map([[patient.id, { state: 'left', waitingSince: null }]]),
        consultation: { kind: 'ended', at },
        audit: [
          { action: 'left', consultationId: consultation.id, subjectParticipantId: patient.id },
          { action: 'ended', consultationId: consultation.id },
        ],
      },
      at,
    );
    expect((await storage.participants.get(patient.id))?.state).toBe('left');
    expect(await storage.consultations.get(consultation.id)).toMatchObject({ status: 'ended', endedAt: at });
    const events = await storage.audit.list({ consultationId: consultation.id });
    expect(events.map((e) => e.action).reverse()).toEqual(['left', 'ended']);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('writes changes that come without audit events', async () => {
    const { consultation, patient } = await roomWithWaitingPatient();
    const before = await storage.audit.head();
    await storage.rooms.record(
      {
        consultationId: consultation.id,
        participants: new Map([[patient.id, { state: 'left', waitingSince: null }]]),
        consultation: { kind: 'locked', isLocked: true },
        audit: [],
      },
      new Date(),
    );
    expect((await storage.participants.get(patient.id))?.state).toBe('left');
    expect((await storage.consultations.get(consultation.id))?.isLocked).toBe(true);
    expect(await storage.audit.head()).toEqual(before);
  });
});
