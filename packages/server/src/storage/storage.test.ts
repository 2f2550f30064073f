import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultationView } from '@samtale/protocol';
import { StorageError } from './errors.ts';
import type { KyselyStorage } from './create-storage.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import type { UserRow } from './types.ts';

describe.each(storageBackends())('storage on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  let organisationId: string;
  let clinician: UserRow;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    organisationId = (await storage.organisations.create('Legekontoret')).id;
    clinician = await storage.users.create({
      organisationId,
      email: `Kari-${randomUUID()}@Example.no`,
      displayName: 'Kari',
      role: 'clinician',
      passwordHash: 'argon2-hash',
    });
  });
  afterAll(() => opened.dispose());

  it('running the migrations a second time changes nothing and keeps the data', async () => {
    await storage.migrate();
    expect(await storage.users.get(clinician.id)).toEqual(clinician);
  });

  it('finds a user by email whatever its case, and refuses a second user with the same email', async () => {
    expect((await storage.users.findByEmail(clinician.email.toUpperCase()))?.id).toBe(clinician.id);
    const duplicate = storage.users.create({ ...clinician, email: clinician.email.toUpperCase() });
    await expect(duplicate).rejects.toBeInstanceOf(StorageError);
    await expect(duplicate).rejects.toMatchObject({ kind: 'conflict', entity: 'user', field: 'email' });
  });

  it('returns a session only until it expires', async () => {
    const createdAt = new Date('2030-01-01T08:00:00Z');
    const expiresAt = new Date('2030-01-01T20:00:00Z');
    await storage.sessions.create({
      tokenHash: `h-${randomUUID()}`,
      userId: clinician.id,
      csrfToken: 'c',
      loginMethod: { method: 'passkey' },
      createdAt,
      expiresAt,
    });
    const [session] = await storage.db.selectFrom('sessions').selectAll().where('userId', '=', clinician.id).execute();
    const tokenHash = session?.tokenHash ?? '';
    const live = await storage.sessions.findLive(tokenHash, new Date('2030-01-01T19:59:59Z'));
    expect(live?.user.id).toBe(clinician.id);
    // The login method survives the round trip through its JSON column.
    expect(live?.session.loginMethod).toEqual({ method: 'passkey' });
    expect(await storage.sessions.findLive(tokenHash, expiresAt)).toBeUndefined();
    await storage.sessions.delete(tokenHash);
    expect(await storage.sessions.findLive(tokenHash, createdAt)).toBeUndefined();
  });

  it('builds dashboard views with the waiting list in arrival order and the admitted count', async () => {
    const consultation = await storage.consultations.create({
      organisationId,
      ownerUserId: clinician.id,
      label: 'Kontroll',
    });
    const invitation = await storage.invitations.create({
      consultationId: consultation.id,
      role: 'patient',
      tokenHash: `t-${randomUUID()}`,
      createdByUserId: clinician.id,
      expiresAt: new Date('2030-02-01T00:00:00Z'),
    });
    const person = (name: string, state: 'waiting' | 'admitted' | 'left', waitingSince: string | null) =>
      storage.participants.create({
        consultationId: consultation.id,
        role: 'patient',
        displayName: name,
        identification: { kind: 'invitation-link' },
        pidHmac: null,
        userId: null,
        invitationId: invitation.id,
        state,
        resumeTokenHash: `r-${randomUUID()}`,
        waitingSince: waitingSince === null ? null : new Date(waitingSince),
        firstJoinedAt: null,
        lastLeftAt: null,
        consentedAt: new Date(),
      });
    await person('Second', 'waiting', '2030-01-15T09:05:00Z');
    await person('First', 'waiting', '2030-01-15T09:01:00Z');
    await person('Inside', 'admitted', null);
    await person('Gone', 'left', null);

    const views = await storage.consultations.viewsForOwner(clinician.id);
    const view = ConsultationView.parse(views.find((v) => v.id === consultation.id));
    expect(view.waiting.map((w) => w.displayName)).toEqual(['First', 'Second']);
    expect(view.admittedCount).toBe(1);
    expect(view.invitations).toEqual([
      { id: invitation.id, role: 'patient', expiresAt: '2030-02-01T00:00:00.000Z', isRevoked: false },
    ]);
    expect(view.invitations[0]).not.toHaveProperty('url');
  });

  it('lists a clinician’s consultations newest first', async () => {
    const owner = await storage.users.create({
      organisationId,
      email: `${randomUUID()}@x.no`,
      displayName: 'O',
      role: 'clinician',
      passwordHash: 'h',
    });
    const a = await storage.consultations.create({ organisationId, ownerUserId: owner.id, label: null });
    const b = await storage.consultations.create({ organisationId, ownerUserId: owner.id, label: null });
    expect((await storage.consultations.listByOwner(owner.id)).map((c) => c.id)).toEqual([b.id, a.id]);
  });

  it('starts and ends a consultation once, keeping the first times', async () => {
    const c = await storage.consultations.create({ organisationId, ownerUserId: clinician.id, label: null });
    await storage.consultations.markStarted(c.id, new Date('2030-01-15T10:00:00Z'));
    await storage.consultations.markStarted(c.id, new Date('2030-01-15T10:05:00Z'));
    await storage.consultations.markEnded(c.id, new Date('2030-01-15T10:30:00Z'));
    await storage.consultations.markEnded(c.id, new Date('2030-01-15T10:45:00Z'));
    expect(await storage.consultations.get(c.id)).toMatchObject({
      status: 'ended',
      startedAt: new Date('2030-01-15T10:00:00Z'),
      endedAt: new Date('2030-01-15T10:30:00Z'),
    });
  });

  it('revokes an invitation once and links it to the participant holding it', async () => {
    const c = await storage.consultations.create({ organisationId, ownerUserId: clinician.id, label: null });
    const inv = await storage.invitations.create({
      consultationId: c.id,
      role: 'interpreter',
      tokenHash: `t-${randomUUID()}`,
      createdByUserId: clinician.id,
      expiresAt: new Date('2030-02-01T00:00:00Z'),
    });
    const participantId = randomUUID();
    await storage.invitations.setParticipant(inv.id, participantId);
    await storage.invitations.revoke(inv.id, new Date('2030-01-15T11:00:00Z'));
    await storage.invitations.revoke(inv.id, new Date('2030-01-15T12:00:00Z'));
    expect(await storage.invitations.findByTokenHash(inv.tokenHash)).toMatchObject({
      participantId,
      revokedAt: new Date('2030-01-15T11:00:00Z'),
    });
  });

  it('stores a participant taking a link only while the link is held as read and not revoked', async () => {
    const c = await storage.consultations.create({ organisationId, ownerUserId: clinician.id, label: null });
    const inv = await storage.invitations.create({
      consultationId: c.id,
      role: 'patient',
      tokenHash: `t-${randomUUID()}`,
      createdByUserId: clinician.id,
      expiresAt: new Date('2030-02-01T00:00:00Z'),
    });
    const at = new Date('2030-01-15T10:00:00Z');
    const person = {
      consultationId: c.id,
      role: 'patient' as const,
      displayName: 'Ola',
      identification: { kind: 'invitation-link' } as const,
      pidHmac: null,
      userId: null,
      invitationId: inv.id,
      state: 'waiting' as const,
      waitingSince: at,
      firstJoinedAt: null,
      lastLeftAt: null,
      consentedAt: at,
    };
    const first = await storage.participants.createTakingInvitation({ ...person, resumeTokenHash: randomUUID() }, null);
    expect(first).toMatchObject({ ...person, connectionEpoch: 0 });
    expect(await storage.participants.get(first?.id ?? '')).toEqual(first);
    expect((await storage.invitations.findByTokenHash(inv.tokenHash))?.participantId).toBe(first?.id);
    // Read while nobody held it, but taken since: nothing is stored.
    const late = await storage.participants.createTakingInvitation({ ...person, resumeTokenHash: randomUUID() }, null);
    expect(late).toBeUndefined();
    expect(await storage.participants.listByConsultation(c.id)).toHaveLength(1);
    const second = await storage.participants.createTakingInvitation(
      { ...person, resumeTokenHash: randomUUID() },
      first?.id ?? null,
    );
    expect((await storage.invitations.findByTokenHash(inv.tokenHash))?.participantId).toBe(second?.id);
    await storage.invitations.revoke(inv.id, at);
    const revoked = await storage.participants.createTakingInvitation(
      { ...person, resumeTokenHash: randomUUID() },
      second?.id ?? null,
    );
    expect(revoked).toBeUndefined();
    expect(await storage.participants.listByConsultation(c.id)).toHaveLength(2);
  });

  it('updates a participant’s mutable columns and refuses an unknown participant', async () => {
    const c = await storage.consultations.create({ organisationId, ownerUserId: clinician.id, label: null });
    const p = await storage.participants.create({
      consultationId: c.id,
      role: 'host',
      displayName: 'Kari',
      identification: { kind: 'local-account', hasPasskey: false },
      pidHmac: null,
      userId: clinician.id,
      invitationId: null,
      state: 'admitted',
      resumeTokenHash: `r-${randomUUID()}`,
      waitingSince: null,
      firstJoinedAt: new Date('2030-01-15T10:00:00Z'),
      lastLeftAt: null,
      consentedAt: null,
    });
    expect(p.connectionEpoch).toBe(0);
    const updated = await storage.participants.update(p.id, {
      connectionEpoch: 3,
      state: 'left',
      lastLeftAt: new Date('2030-01-15T10:20:00Z'),
    });
    expect(updated).toMatchObject({ connectionEpoch: 3, state: 'left', displayName: 'Kari' });
    expect(await storage.participants.findByResumeTokenHash(p.resumeTokenHash)).toEqual(updated);
    await expect(storage.participants.update(randomUUID(), { state: 'left' })).rejects.toMatchObject({
      name: 'StorageError',
      kind: 'not-found',
      entity: 'participant',
    });
  });

  it('stores, replaces and deletes settings', async () => {
    await storage.settings.set('k', 'one');
    await storage.settings.set('k', 'two');
    expect(await storage.settings.get('k')).toBe('two');
    await storage.settings.delete('k');
    expect(await storage.settings.get('k')).toBeUndefined();
  });

  it('answers a readiness ping', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});
