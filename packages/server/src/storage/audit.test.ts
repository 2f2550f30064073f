import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type KyselyStorage } from './create-storage.ts';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import { AuditLog } from './repositories/audit.ts';
import { GENESIS_HASH, canonicalJson, eventHash } from './audit-hash-chain.ts';

describe('canonical JSON', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
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
        'details',
        'hash',
        'id',
        'prev_hash',
        'subject_participant_id',
      ].sort(),
    );
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
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
