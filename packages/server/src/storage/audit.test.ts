import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type KyselyStorage } from './create-storage.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import type { AuditAction } from '@samtale/protocol';
import { AUDIT_ACTION_CLASS, AuditLog, COALESCE_WINDOW_MS } from './repositories/audit.ts';
import { GENESIS_HASH, canonicalJson, eventHash } from './audit-hash-chain.ts';

describe('canonical JSON', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('hashes a single event as before rows had counts, so trails written before migration 0003 still verify', () => {
    const event = {
      id: 7,
      at: new Date('2026-01-01T00:00:00.000Z'),
      action: 'login' as const,
      actorUserId: null,
      actorParticipantId: null,
      consultationId: null,
      subjectParticipantId: null,
      details: {},
    };
    expect(eventHash(GENESIS_HASH, { ...event, count: 1, lastAt: null })).toBe(eventHash(GENESIS_HASH, event));
    expect(eventHash(GENESIS_HASH, { ...event, count: 2, lastAt: event.at })).not.toBe(eventHash(GENESIS_HASH, event));
  });
});

describe.each(storageBackends())('audit trail on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
  });
  afterAll(() => opened.dispose());

  it('chains concurrent appends into one unbroken line that verifies', async () => {
    const consultationId = randomUUID();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        storage.audit.append({ action: i % 2 === 0 ? 'waiting' : 'admitted', consultationId, details: { n: i } }),
      ),
    );
    const events = (await storage.audit.list({ consultationId })).reverse();
    expect(events).toHaveLength(25);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i += 1) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('keeps each event’s hash reproducible from its content', async () => {
    const e = await storage.audit.append({ action: 'login', actorUserId: randomUUID(), details: { role: 'admin' } });
    const [stored] = await storage.audit.list({ limit: 1 });
    expect(stored).toEqual(e);
    expect(eventHash(e.prevHash, e)).toBe(e.hash);
  });

  it('finds the first changed event when someone edits the table', async () => {
    const victim = await storage.audit.append({ action: 'ended', consultationId: randomUUID() });
    await storage.audit.append({ action: 'logout' });
    await sql`update audit_events set action = 'left' where id = ${victim.id}`.execute(storage.db);
    expect(await storage.audit.verify()).toBe(victim.id);
    await sql`update audit_events set action = 'ended' where id = ${victim.id}`.execute(storage.db);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('finds a deleted event by the gap it leaves', async () => {
    const victim = await storage.audit.append({ action: 'admitted' });
    const next = await storage.audit.append({ action: 'left' });
    const row = await storage.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow();
    await storage.db.deleteFrom('auditEvents').where('id', '=', victim.id).execute();
    expect(await storage.audit.verify()).toBe(next.id);
    await storage.db
      .insertInto('auditEvents')
      .values({ ...row, id: Number(row.id), details: JSON.stringify(row.details) })
      .execute();
    expect(await storage.audit.verify()).toBeNull();
  });

  it('appends a batch as consecutive events of the one chain, in order', async () => {
    const before = await storage.audit.head();
    const consultationId = randomUUID();
    const rows = await storage.audit.appendAll(
      [
        { action: 'invitation_used', consultationId },
        { action: 'consent_given', consultationId },
        { action: 'waiting', consultationId },
      ],
      new Date('2026-01-01T10:00:00.000Z'),
    );
    expect(rows.map((r) => r.action)).toEqual(['invitation_used', 'consent_given', 'waiting']);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3].map((n) => (before?.id ?? 0) + n));
    expect(rows[0]?.prevHash).toBe(before?.hash ?? GENESIS_HASH);
    expect(rows[2]?.prevHash).toBe(rows[1]?.hash);
    expect((await storage.audit.list({ consultationId })).reverse()).toEqual(rows);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('continues the chain after another writer on the same database appended', async () => {
    const other = new AuditLog(storage.db);
    const mine = await storage.audit.append({ action: 'login' });
    const theirs = await other.append({ action: 'logout' });
    // This log still remembers `mine` as the head: its next append must follow `theirs`.
    const next = await storage.audit.append({ action: 'login' });
    expect(theirs.prevHash).toBe(mine.hash);
    expect(next.id).toBe(theirs.id + 1);
    expect(next.prevHash).toBe(theirs.hash);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('does not chain onto a remembered head that is no longer stored', async () => {
    const kept = await storage.audit.append({ action: 'login' });
    const removed = await storage.audit.append({ action: 'logout' });
    await storage.db.deleteFrom('auditEvents').where('id', '=', removed.id).execute();
    const next = await storage.audit.append({ action: 'login' });
    expect(next.id).toBe(kept.id + 1);
    expect(next.prevHash).toBe(kept.hash);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('stores only ids and small facts: the row has no column for names, emails or text', async () => {
    const columns = await sql<{ columnName: string }>`
      select column_name from information_schema.columns where table_name = 'audit_events'`.execute(storage.db);
    expect(columns.rows.map((c) => c.columnName).sort()).toEqual(
      [
        'action',
        'actor_participant_id',
        'actor_user_id',
        'at',
        'consultation_id',
        'count',
        'details',
        'hash',
        'id',
        'is_sealed',
        'last_at',
        'prev_hash',
        'subject_participant_id',
      ].sort(),
    );
  });
});

const T0 = new Date('2026-03-01T08:00:00.000Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);

describe.each(storageBackends())('audit repeats and paging on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
  });
  afterAll(() => opened.dispose());

  /** What one rejoin with an invitation link writes (join.ts). */
  const linkUsed = (consultationId: string, participantId: string) => ({
    action: 'invitation_used' as const,
    consultationId,
    actorParticipantId: participantId,
    subjectParticipantId: participantId,
  });

  it('counts 200 rapid identical events from one link on one row (count 200), and the chain verifies', async () => {
    const consultationId = randomUUID();
    const participantId = randomUUID();
    const rows = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        storage.audit.append(linkUsed(consultationId, participantId), later(i * 7)),
      ),
    );
    const stored = await storage.audit.list({ consultationId });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ action: 'invitation_used', count: 200, at: T0, lastAt: later(199 * 7) });
    // Every append answered with the row as it stood after it.
    expect(rows.map((r) => r.count)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await storage.audit.verify()).toBeNull();
  });

  it('never coalesces a security-relevant event: each identical repeat is a row of its own', async () => {
    const security = (Object.keys(AUDIT_ACTION_CLASS) as AuditAction[]).filter(
      (a) => AUDIT_ACTION_CLASS[a] === 'security',
    );
    expect(security).toEqual(
      expect.arrayContaining(['login_failed', 'admitted', 'removed', 'declined', 'ended', 'joined', 'consent_given']),
    );
    for (const action of security) {
      const consultationId = randomUUID();
      const actorUserId = randomUUID();
      for (let i = 0; i < 3; i += 1) await storage.audit.append({ action, consultationId, actorUserId }, later(i));
      const stored = await storage.audit.list({ consultationId });
      expect(stored.map((e) => [e.action, e.count])).toEqual([
        [action, 1],
        [action, 1],
        [action, 1],
      ]);
    }
    expect(await storage.audit.verify()).toBeNull();
  });

  it('starts a new row for another link, other details, after the window, or after any other event', async () => {
    const consultationId = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    await storage.audit.append(linkUsed(consultationId, a), T0);
    await storage.audit.append(linkUsed(consultationId, a), later(1));
    await storage.audit.append(linkUsed(consultationId, b), later(2)); // another link
    await storage.audit.append({ ...linkUsed(consultationId, b), details: { n: 1 } }, later(3)); // other details
    await storage.audit.append({ ...linkUsed(consultationId, b), details: { n: 1 } }, later(COALESCE_WINDOW_MS + 4)); // window over
    await storage.audit.append({ action: 'login', actorUserId: randomUUID() }, later(5)); // something else
    await storage.audit.append({ ...linkUsed(consultationId, b), details: { n: 1 } }, later(COALESCE_WINDOW_MS + 6));
    const stored = (await storage.audit.list({ consultationId })).reverse();
    expect(stored.map((e) => [e.actorParticipantId, e.details, e.count])).toEqual([
      [a, {}, 2],
      [b, {}, 1],
      [b, { n: 1 }, 1],
      [b, { n: 1 }, 1],
      [b, { n: 1 }, 1],
    ]);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('lets the chain catch an edited count: a coalesced row’s hash covers it', async () => {
    const consultationId = randomUUID();
    const participantId = randomUUID();
    await storage.audit.append(linkUsed(consultationId, participantId), T0);
    const row = await storage.audit.append(linkUsed(consultationId, participantId), later(10));
    await storage.audit.append({ action: 'logout' });
    expect(row.count).toBe(2);
    expect(eventHash(row.prevHash, row)).toBe(row.hash);
    await sql`update audit_events set count = 1 where id = ${row.id}`.execute(storage.db);
    expect(await storage.audit.verify()).toBe(row.id);
    await sql`update audit_events set count = 2 where id = ${row.id}`.execute(storage.db);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('does not count a repeat on a row that another writer has sealed with an event after it', async () => {
    const other = new AuditLog(storage.db);
    const consultationId = randomUUID();
    const participantId = randomUUID();
    const first = await storage.audit.append(linkUsed(consultationId, participantId), T0);
    await other.append({ action: 'login', actorUserId: randomUUID() }, later(1));
    // This log remembers `first` as the unsealed head; the repeat must become a row of its own.
    const repeat = await storage.audit.append(linkUsed(consultationId, participantId), later(2));
    expect(repeat.id).toBe(first.id + 2);
    expect((await storage.audit.list({ consultationId })).map((e) => e.count)).toEqual([1, 1]);
    expect(await storage.audit.verify()).toBeNull();
  });

  it('pages newest first with a cursor that stays put while events are appended', async () => {
    const consultationId = randomUUID();
    for (let i = 0; i < 7; i += 1) await storage.audit.append({ action: 'admitted', consultationId }, later(i));
    const first = await storage.audit.page({ consultationId, limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).toBe(String(first.events[2]?.id));
    // New events while someone pages: they are above the cursor and do not shift the pages.
    for (let i = 0; i < 4; i += 1) await storage.audit.append({ action: 'admitted', consultationId }, later(10 + i));
    const second = await storage.audit.page({ consultationId, limit: 3, beforeId: Number(first.nextCursor) });
    const third = await storage.audit.page({ consultationId, limit: 3, beforeId: Number(second.nextCursor) });
    expect(third.nextCursor).toBeNull();
    const ids = [...first.events, ...second.events, ...third.events].map((e) => e.id);
    expect(ids).toHaveLength(7);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(7);
  });

  it('filters by consultation, actor (user or participant), kind and time range', async () => {
    const consultationId = randomUUID();
    const userId = randomUUID();
    const participantId = randomUUID();
    const at = (minutes: number) => later(3_600_000 + minutes * 60_000);
    await storage.audit.append({ action: 'consultation_created', consultationId, actorUserId: userId }, at(0));
    await storage.audit.append({ action: 'waiting', consultationId, actorParticipantId: participantId }, at(10));
    await storage.audit.append({ action: 'admitted', consultationId, actorUserId: userId }, at(20));
    await storage.audit.append({ action: 'ended', consultationId: randomUUID(), actorUserId: userId }, at(30));
    const actions = async (filter: Parameters<KyselyStorage['audit']['list']>[0]) =>
      (await storage.audit.list(filter)).map((e) => e.action);
    expect(await actions({ consultationId })).toEqual(['admitted', 'waiting', 'consultation_created']);
    expect(await actions({ actor: userId })).toEqual(['ended', 'admitted', 'consultation_created']);
    expect(await actions({ actor: participantId })).toEqual(['waiting']);
    expect(await actions({ consultationId, action: 'admitted' })).toEqual(['admitted']);
    expect(await actions({ actor: userId, from: at(5), to: at(25) })).toEqual(['admitted']);
    expect(await actions({ actor: userId, from: at(20) })).toEqual(['ended', 'admitted']);
    expect(await actions({ actor: userId, to: at(0) })).toEqual(['consultation_created']);
  });

  it('finds a coalesced row by any time within its span', async () => {
    const consultationId = randomUUID();
    const participantId = randomUUID();
    const base = 7_200_000;
    await storage.audit.append(linkUsed(consultationId, participantId), later(base));
    await storage.audit.append(linkUsed(consultationId, participantId), later(base + 50_000));
    const within = await storage.audit.list({ consultationId, from: later(base + 40_000), to: later(base + 45_000) });
    expect(within.map((e) => e.count)).toEqual([2]);
    expect(await storage.audit.list({ consultationId, from: later(base + 50_001) })).toEqual([]);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('audit trail shared by two server nodes on PostgreSQL', () => {
  it('does not fork the chain when both nodes append at once', async () => {
    const backend = storageBackends().find((b) => b.name === 'PostgreSQL');
    if (!backend) throw new TypeError('PostgreSQL backend missing');
    const first = await backend.open();
    const url = await sql<{ db: string }>`select current_database() as db`.execute(first.storage.db);
    const base = new URL(process.env.TEST_DATABASE_URL ?? '');
    base.pathname = `/${url.rows[0]?.db ?? ''}`;
    const second: KyselyStorage = await openStorage({ kind: 'postgres', url: base.toString() });
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first.storage : second).audit.append({ action: 'joined' })),
      );
      expect(await first.storage.audit.verify()).toBeNull();
      expect((await first.storage.audit.list()).length).toBe(20);

      // One node counting repeats on the head while the other appends after it: every repeat is
      // counted once, either on a row or as a row, and the chain does not fork.
      const consultationId = randomUUID();
      const participantId = randomUUID();
      const repeat = { action: 'invitation_used' as const, consultationId, actorParticipantId: participantId };
      await Promise.all([
        ...Array.from({ length: 60 }, () => first.storage.audit.append(repeat)),
        ...Array.from({ length: 20 }, () => second.audit.append({ action: 'login' })),
      ]);
      expect(await first.storage.audit.verify()).toBeNull();
      const counted = await first.storage.audit.list({ consultationId });
      expect(counted.reduce((sum, e) => sum + e.count, 0)).toBe(60);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
