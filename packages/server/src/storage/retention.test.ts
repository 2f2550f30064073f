import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RETENTION_BOUNDS, type RetentionSettings } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import type { KyselyStorage } from './create-storage.ts';
import { PERSONAL_COLUMNS } from './personal-columns.ts';

const DAY = 86_400_000;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const DEFAULTS: RetentionSettings = {
  consultationNames: RETENTION_BOUNDS.consultationNames.default,
  sessions: RETENTION_BOUNDS.sessions.default,
  invitations: RETENTION_BOUNDS.invitations.default,
  appointmentContacts: RETENTION_BOUNDS.appointmentContacts.default,
  identityHashes: RETENTION_BOUNDS.identityHashes.default,
  auditEvents: 365,
};

/** Everything the purge may touch, as plain JSON, to compare before and after. */
async function snapshot(storage: KyselyStorage): Promise<Record<string, unknown[]>> {
  const tables = ['consultations', 'participants', 'invitations', 'sessions', 'appointments', 'audit_events'];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1`.execute(storage.db);
    out[table] = JSON.parse(JSON.stringify(result.rows)) as unknown[];
  }
  return out;
}

interface Fixture {
  oldEnded: string;
  recentEnded: string;
  active: string;
  oldParticipant: string;
  recentParticipant: string;
  activeParticipant: string;
  oldSession: string;
  liveSession: string;
  oldLink: string;
  heldOldLink: string;
  freshLink: string;
  oldAppointment: string;
  recentAppointment: string;
}

/** One organisation with data on both sides of each default period. */
async function seed(storage: KyselyStorage): Promise<Fixture> {
  const org = await storage.organisations.create('Klinikken');
  const user = await storage.users.create({
    organisationId: org.id,
    email: `${randomUUID()}@example.no`,
    displayName: 'Kari Klinikar',
    role: 'clinician',
    passwordHash: 'x',
  });
  const consultation = async (label: string, endedDaysAgo: number | null) => {
    const c = await storage.consultations.create({ organisationId: org.id, ownerUserId: user.id, label });
    await storage.consultations.markStarted(c.id, ago(100));
    if (endedDaysAgo !== null) await storage.consultations.markEnded(c.id, ago(endedDaysAgo));
    return c.id;
  };
  const oldEnded = await consultation('Ola Nordmann, kontroll', 40);
  const recentEnded = await consultation('Kari Nordmann', 10);
  const active = await consultation('Per Hansen', null);
  const link = async (consultationId: string, expiresDaysAgo: number) =>
    (
      await storage.invitations.create({
        consultationId,
        role: 'patient',
        tokenHash: randomUUID(),
        createdByUserId: user.id,
        expiresAt: ago(expiresDaysAgo),
      })
    ).id;
  const oldLink = await link(oldEnded, 45);
  const heldOldLink = await link(active, 45);
  const freshLink = await link(recentEnded, -1);
  const participant = async (consultationId: string, displayName: string, invitationId: string | null) =>
    (
      await storage.participants.create({
        consultationId,
        role: 'patient',
        displayName,
        identification: { kind: 'invitation-link' },
        pidHmac: null,
        userId: null,
        invitationId,
        state: 'left',
        resumeTokenHash: randomUUID(),
        waitingSince: null,
        firstJoinedAt: null,
        lastLeftAt: null,
        consentedAt: null,
      })
    ).id;
  const oldParticipant = await participant(oldEnded, 'Ola Nordmann', oldLink);
  const recentParticipant = await participant(recentEnded, 'Kari Nordmann', null);
  const activeParticipant = await participant(active, 'Per Hansen', heldOldLink);
  const session = async (expiresDaysAgo: number) => {
    const tokenHash = randomUUID();
    await storage.sessions.create({
      tokenHash,
      userId: user.id,
      csrfToken: 'c',
      loginMethod: { method: 'password' },
      createdAt: ago(expiresDaysAgo + 1),
      expiresAt: ago(expiresDaysAgo),
    });
    return tokenHash;
  };
  const oldSession = await session(3);
  const liveSession = await session(-1);
  const appointment = async (endedDaysAgo: number) => {
    const booked = await storage.appointments.book(
      {
        organisationId: org.id,
        ownerUserId: user.id,
        kind: 'follow-up',
        label: 'Time hos Kari',
        startsAt: ago(endedDaysAgo + 0.1),
        endsAt: ago(endedDaysAgo),
        language: 'nb',
        patientEmail: 'pasient@example.no',
        patientPhone: null,
        createdAt: ago(30),
      },
      { tokenHash: randomUUID(), createdByUserId: user.id, expiresAt: NOW },
    );
    return booked.appointment.id;
  };
  const oldAppointment = await appointment(8);
  const recentAppointment = await appointment(2);
  return {
    oldEnded,
    recentEnded,
    active,
    oldParticipant,
    recentParticipant,
    activeParticipant,
    oldSession,
    liveSession,
    oldLink,
    heldOldLink,
    freshLink,
    oldAppointment,
    recentAppointment,
  };
}

describe.each(storageBackends())('retention purge on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;

  beforeEach(async () => {
    opened = await backend.open();
    storage = opened.storage;
  });
  afterEach(() => opened.dispose());

  it('removes exactly what is past retention and nothing else, and a second run removes nothing', async () => {
    const f = await seed(storage);
    const before = await snapshot(storage);
    const counts = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false });
    // The old consultation's label and its patient's name; the sessions expired over a day ago;
    // the old ended consultation's link (the one held in the active consultation stays); the
    // appointment over for more than 7 days. No audit event is a year old.
    expect(counts).toEqual({
      consultationNames: 2,
      sessions: 1,
      invitations: 1,
      appointmentContacts: 1,
      identityHashes: 0,
      auditEvents: 0,
      finishedJobs: 0,
    });
    const after = await snapshot(storage);
    const c = await storage.consultations.get(f.oldEnded);
    expect(c?.label).toBeNull();
    expect((await storage.participants.get(f.oldParticipant))?.displayName).toBe('');
    expect((await storage.participants.get(f.oldParticipant))?.invitationId).toBeNull();
    expect(await storage.invitations.findByTokenHash('nope')).toBeUndefined();
    expect((await storage.appointments.get(f.oldAppointment))?.patientEmail).toBeNull();
    expect((await storage.appointments.get(f.oldAppointment))?.contactErasedAt).toEqual(NOW);
    // Everything else is as it was.
    expect((await storage.consultations.get(f.recentEnded))?.label).toBe('Kari Nordmann');
    expect((await storage.consultations.get(f.active))?.label).toBe('Per Hansen');
    expect((await storage.participants.get(f.recentParticipant))?.displayName).toBe('Kari Nordmann');
    expect((await storage.participants.get(f.activeParticipant))?.displayName).toBe('Per Hansen');
    expect((await storage.participants.get(f.activeParticipant))?.invitationId).toBe(f.heldOldLink);
    expect((await storage.appointments.get(f.recentAppointment))?.patientEmail).toBe('pasient@example.no');
    const links = (await sql<{ id: string }>`select id from invitations`.execute(storage.db)).rows.map((r) => r.id);
    expect(links).not.toContain(f.oldLink);
    expect(links).toEqual(expect.arrayContaining([f.heldOldLink, f.freshLink]));
    const sessions = (await sql<{ tokenHash: string }>`select token_hash from sessions`.execute(storage.db)).rows;
    expect(sessions.map((s) => s.tokenHash)).toEqual([f.liveSession]);
    expect(after.consultations).toHaveLength(before.consultations?.length ?? -1);
    expect(after.participants).toHaveLength(before.participants?.length ?? -1);
    expect(after.appointments).toHaveLength(before.appointments?.length ?? -1);

    // The run's audit event holds counts only.
    const [event] = await storage.audit.list({ action: 'retention_purged' });
    expect(event?.details).toEqual(counts);
    expect(JSON.stringify(event)).not.toMatch(/Nordmann|Hansen|pasient@/);

    expect(await storage.retention.lastPurge()).toEqual({ at: NOW.toISOString(), counts });

    const later = new Date(NOW.getTime() + 60_000);
    const again = await storage.retention.purge({ at: later, defaults: DEFAULTS, isDryRun: false });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(await storage.audit.verify()).toBeNull();
    // A run that found nothing is the last run, without an audit event of its own.
    expect(await storage.retention.lastPurge()).toEqual({ at: later.toISOString(), counts: again });
    expect(await storage.audit.list({ action: 'retention_purged' })).toHaveLength(1);
  });

  it('counts in a dry run exactly what a run removes, and changes nothing', async () => {
    await seed(storage);
    const before = await snapshot(storage);
    const dry = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: true });
    expect(await snapshot(storage)).toEqual(before);
    expect(await storage.retention.lastPurge()).toBeNull();
    const real = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false });
    expect(real).toEqual(dry);
  });

  it('lets two concurrent runs take turns: each row is counted once and neither deadlocks', async () => {
    await seed(storage);
    const runs = await Promise.all([
      storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false }),
      storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false }),
    ]);
    const total = (key: keyof (typeof runs)[0]) => runs.reduce((sum, r) => sum + r[key], 0);
    expect(total('consultationNames')).toBe(2);
    expect(total('sessions')).toBe(1);
    expect(total('invitations')).toBe(1);
    expect(total('appointmentContacts')).toBe(1);
    // One of them removed it all and wrote the only event; the other found nothing.
    expect(await storage.audit.list({ action: 'retention_purged' })).toHaveLength(1);
    expect(runs.filter((r) => Object.values(r).every((n) => n === 0))).toHaveLength(1);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('uses each organisation’s own periods', async () => {
    const f = await seed(storage);
    const org = (await storage.consultations.get(f.oldEnded))?.organisationId ?? '';
    const user = (await storage.consultations.get(f.oldEnded))?.ownerUserId ?? '';
    await storage.retention.saveSettings(org, { ...DEFAULTS, consultationNames: 60, sessions: 5 }, user, NOW);
    expect(await storage.retention.settingsOf(org)).toEqual({ ...DEFAULTS, consultationNames: 60, sessions: 5 });
    const counts = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false });
    expect(counts.consultationNames).toBe(0);
    expect(counts.sessions).toBe(0);
    const [changed] = await storage.audit.list({ action: 'retention_changed' });
    expect(changed?.actorUserId).toBe(user);
  });

  it('purges old audit events and the shortened chain still verifies; a moved anchor does not', async () => {
    for (let i = 0; i < 5; i += 1) await storage.audit.append({ action: 'login', details: { n: i } }, ago(400 - i));
    await storage.audit.append({ action: 'login', details: { n: 5 } }, ago(100));
    await storage.audit.append({ action: 'logout', details: { n: 6 } }, ago(1));
    const counts = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false });
    expect(counts.auditEvents).toBe(5);
    const kept = (await storage.audit.list()).map((e) => e.details.n).filter((n) => n !== undefined);
    expect(kept.sort()).toEqual([5, 6]);
    expect(await storage.audit.verify()).toBeNull();
    // More events and a second purge keep it verifiable.
    await storage.audit.append({ action: 'login', details: { n: 7 } }, NOW);
    await storage.retention.purge({ at: new Date(NOW.getTime() + 300 * DAY), defaults: DEFAULTS, isDryRun: false });
    expect(await storage.audit.verify()).toBeNull();
    // Deleting the first kept event by hand and moving the anchor past it is detected.
    const anchor = await sql<{ firstId: string | number }>`select first_id from audit_anchor`.execute(storage.db);
    const firstId = Number(anchor.rows[0]?.firstId);
    const next = await sql<{ hash: string }>`select hash from audit_events where id = ${firstId}`.execute(storage.db);
    await sql`delete from audit_events where id = ${firstId}`.execute(storage.db);
    await sql`update audit_anchor set first_id = ${firstId + 1}, prev_hash = ${next.rows[0]?.hash ?? ''}`.execute(
      storage.db,
    );
    expect(await storage.audit.verify()).not.toBeNull();
  });

  it('never removes the newest audit event, whatever its age', async () => {
    await storage.audit.append({ action: 'login' }, ago(1000));
    await storage.audit.append({ action: 'login' }, ago(999));
    const counts = await storage.retention.purge({ at: NOW, defaults: DEFAULTS, isDryRun: false });
    expect(counts.auditEvents).toBe(1);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('erases identity hashes listed beside the personal columns, on their own period', async () => {
    const f = await seed(storage);
    // The participants' pid hashes (issue 8) are in the one list of personal columns.
    expect(PERSONAL_COLUMNS).toContainEqual(expect.objectContaining({ table: 'participants', column: 'pid_hmac' }));
    await sql`update participants set pid_hmac = 'hmac-' || id`.execute(storage.db);
    const counts = await storage.retention.purge({
      at: NOW,
      defaults: { ...DEFAULTS, identityHashes: 5 },
      isDryRun: false,
      personalColumns: PERSONAL_COLUMNS,
    });
    // The consultations ended 40 and 10 days ago are both past 5 days; the active one is not.
    expect(counts.identityHashes).toBe(2);
    const rows = await sql<{ id: string; pidHmac: string | null }>`select id, pid_hmac from participants`.execute(
      storage.db,
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r.pidHmac]));
    expect(byId.get(f.oldParticipant)).toBeNull();
    expect(byId.get(f.recentParticipant)).toBeNull();
    expect(byId.get(f.activeParticipant)).toBe(`hmac-${f.activeParticipant}`);
  });
});
