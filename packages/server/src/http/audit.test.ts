/** `GET /api/audit`: paging with a cursor and the filters, as an administrator sees them. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AuditList } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import { addUser, setUpAdmin, startTestApp, type TestApp, type TestSession } from '../../test/helpers/test-app.ts';

describe.each(storageBackends())('the audit trail API on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  const get = (query: string, session: TestSession = admin) =>
    t.app.inject({ method: 'GET', url: `/api/audit${query}`, headers: { cookie: session.cookie } });
  const list = async (query: string): Promise<AuditList> => {
    const r = await get(query);
    expect(r.statusCode).toBe(200);
    return AuditList.parse(r.json());
  };

  it('pages through every event of a flood, newest first, without losing the older real events', async () => {
    const consultationId = randomUUID();
    const userId = randomUUID();
    await opened.storage.audit.append({ action: 'admitted', consultationId, actorUserId: userId });
    for (let i = 0; i < 12; i += 1) {
      await opened.storage.audit.append({ action: 'joined', consultationId, actorParticipantId: randomUUID() });
    }
    const seen: AuditList['events'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditList = await list(
        `?consultationId=${consultationId}&limit=5${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      seen.push(...page.events);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(13);
    expect(seen.at(-1)).toMatchObject({ action: 'admitted', actorUserId: userId, count: 1, lastAt: null });
  });

  it('filters by consultation, actor, kind and time, and shows a coalesced row’s count and span', async () => {
    const consultationId = randomUUID();
    const participantId = randomUUID();
    const used = { action: 'invitation_used' as const, consultationId, actorParticipantId: participantId };
    const t0 = new Date('2026-05-01T10:00:00.000Z');
    await opened.storage.audit.append(used, t0);
    await opened.storage.audit.append(used, new Date(t0.getTime() + 1_000));
    await opened.storage.audit.append({ action: 'ended', consultationId, actorUserId: clinician.user.id }, t0);
    const byActor = await list(`?actor=${participantId}`);
    expect(byActor.events).toEqual([
      expect.objectContaining({
        action: 'invitation_used',
        count: 2,
        at: t0.toISOString(),
        lastAt: '2026-05-01T10:00:01.000Z',
      }),
    ]);
    expect((await list(`?consultationId=${consultationId}&action=ended`)).events.map((e) => e.actorUserId)).toEqual([
      clinician.user.id,
    ]);
    const range = `from=${encodeURIComponent('2026-05-01T09:00:00.000Z')}&to=${encodeURIComponent('2026-05-01T11:00:00.000Z')}`;
    expect((await list(`?${range}`)).events.map((e) => e.action)).toEqual(['ended', 'invitation_used']);
    expect((await list(`?consultationId=${consultationId}&to=2026-05-01T09:59:59.000Z`)).events).toEqual([]);
  });

  it('refuses bad filters with VALIDATION_FAILED and everyone but administrators with FORBIDDEN', async () => {
    for (const query of ['?cursor=abc', '?limit=0', '?limit=501', '?action=nope', '?from=yesterday', '?actor=x']) {
      const r = await get(query);
      expect([query, r.statusCode, ApiError.parse(r.json()).error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    const r = await get('', clinician);
    expect(ApiError.parse(r.json()).error.code).toBe('FORBIDDEN');
  });
});
