import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConsultationList,
  CreatedMeeting,
  InvitationView,
  MeetingList,
  MeetingView,
} from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

const errorCode = (body: string): string => ApiError.parse(JSON.parse(body)).error.code;

describe.each(storageBackends())('meetings over HTTP on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let member: TestSession;
  let colleague: TestSession;

  const create = async (session: TestSession, payload: object) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/meetings', headers: authHeaders(session), payload });
    expect(r.statusCode, r.body).toBe(201);
    return CreatedMeeting.parse(r.json());
  };

  beforeAll(async () => {
    opened = await backend.open();
    t = await startTestApp(opened.storage);
    admin = await setUpAdmin(t, opened.storage);
    member = await addUser(t, admin);
    colleague = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await opened.dispose();
  });

  it('creates an internal meeting whose members enter directly, with a guest link, and lists it for its creator only', async () => {
    const { meeting, invitation } = await create(member, {
      kind: 'internal',
      hasPersonalData: false,
      title: 'Fagmøte',
    });
    expect(meeting).toMatchObject({
      kind: 'internal',
      title: 'Fagmøte',
      hasPersonalData: false,
      isLocked: false,
      status: 'open',
      policy: {
        directEntry: 'organisation-members',
        isWaitingRoomMandatory: false,
        maxParticipants: 50,
        isE2eeRequired: true,
      },
    });
    expect(invitation.url).toMatch(/\/j\/[A-Za-z0-9_-]{40,}$/);
    const mine = MeetingList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/meetings', headers: authHeaders(member) })).json(),
    );
    expect(mine.meetings.map((m) => m.id)).toContain(meeting.id);
    const theirs = MeetingList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/meetings', headers: authHeaders(colleague) })).json(),
    );
    expect(theirs.meetings.map((m) => m.id)).not.toContain(meeting.id);
  });

  it('forces personal data and the waiting room on a clinical meeting, whatever the form said', async () => {
    const { meeting } = await create(member, { kind: 'clinical', hasPersonalData: false });
    expect(meeting.hasPersonalData).toBe(true);
    expect(meeting.policy).toMatchObject({
      directEntry: 'hosts-only',
      isWaitingRoomMandatory: true,
      isE2eeRequired: true,
    });
  });

  it('keeps meetings off the consultation dashboard, which shows consultations as before', async () => {
    await create(member, { kind: 'external', hasPersonalData: true });
    const list = ConsultationList.parse(
      (await t.app.inject({ method: 'GET', url: '/api/consultations', headers: authHeaders(member) })).json(),
    );
    expect(list.consultations).toEqual([]);
  });

  it('shows a meeting to a member of the organisation, and lets only its host invite guests', async () => {
    const { meeting } = await create(member, { kind: 'internal', hasPersonalData: false });
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/meetings/${meeting.id}`,
      headers: authHeaders(colleague),
    });
    expect(seen.statusCode).toBe(200);
    expect(MeetingView.parse(seen.json()).id).toBe(meeting.id);

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/meetings/${meeting.id}/invitations`,
      headers: authHeaders(colleague),
      payload: { role: 'colleague' },
    });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused.body)).toBe('NOT_HOST');

    const link = await t.app.inject({
      method: 'POST',
      url: `/api/meetings/${meeting.id}/invitations`,
      headers: authHeaders(member),
      payload: { role: 'interpreter' },
    });
    expect(link.statusCode).toBe(201);
    expect(InvitationView.parse(link.json())).toMatchObject({ role: 'interpreter', isRevoked: false });
  });

  it('gives the names of those waiting in a clinical meeting only to its host, not to another clinician or the admin', async () => {
    const { meeting } = await create(member, { kind: 'clinical', hasPersonalData: true });
    await opened.storage.participants.create({
      consultationId: meeting.id,
      role: 'patient',
      displayName: 'Kari Venter',
      identification: { kind: 'invitation-link' },
      pidHmac: null,
      userId: null,
      invitationId: null,
      state: 'waiting',
      resumeTokenHash: 'not-a-real-token-hash',
      waitingSince: t.clock.now,
      firstJoinedAt: null,
      lastLeftAt: null,
      consentedAt: t.clock.now,
    });
    const viewBy = async (session: TestSession) => {
      const r = await t.app.inject({
        method: 'GET',
        url: `/api/meetings/${meeting.id}`,
        headers: authHeaders(session),
      });
      expect(r.statusCode).toBe(200);
      return MeetingView.parse(r.json());
    };
    expect((await viewBy(member)).waiting.map((w) => w.displayName)).toEqual(['Kari Venter']);
    for (const other of [colleague, admin]) {
      const view = await viewBy(other);
      expect(view.waiting).toEqual([]);
      expect(view.invitations).toEqual([]);
      expect(JSON.stringify(view)).not.toContain('Kari Venter');
    }
  });

  it('refuses an unknown kind and a visitor without a session', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/meetings',
      headers: authHeaders(member),
      payload: { kind: 'party', hasPersonalData: false },
    });
    expect(bad.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/meetings' });
    expect(anonymous.statusCode).toBe(401);
  });
});
