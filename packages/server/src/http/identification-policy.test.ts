import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CreatedConsultation, IDENTIFICATION_FLOORS, InvitationInfo } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from '../../test/helpers/storage-backends.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  type TestApp,
  type TestSession,
} from '../../test/helpers/test-app.ts';

describe.each(storageBackends())('the organisation’s identification rules on $name', (backend) => {
  let opened: OpenedStorage;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;
  const put = (session: TestSession, payload: object) =>
    t.app.inject({ method: 'PUT', url: '/api/admin/identification-policy', headers: authHeaders(session), payload });
  const stored = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/admin/identification-policy', headers: authHeaders(admin) })).json<{
      organisation: object;
    }>().organisation;

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

  it('refuses a row looser than its kind’s floor, and stores nothing', async () => {
    const loose = { 'clinical:personal-data': { member: ['login'], patient: ['name'], guest: ['name'] } };
    const r = await put(admin, loose);
    expect(r.statusCode).toBe(400);
    expect(ApiError.parse(r.json()).error.code).toBe('POLICY_BELOW_FLOOR');
    expect(await stored()).toEqual({});
  });

  it('lets only admins change the rules', async () => {
    const r = await put(clinician, {});
    expect(r.statusCode).toBe(403);
  });

  it('applies a tightened row: the patient’s information page then says what is required', async () => {
    const tight = {
      'consultation:no-personal-data': {
        member: ['passkey'],
        patient: ['idporten-high', 'id-shown-in-video'],
        guest: ['name'],
      },
    };
    expect((await put(admin, tight)).statusCode).toBe(200);
    expect(await stored()).toEqual(tight);
    const created = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: authHeaders(clinician) });
    const token = CreatedConsultation.parse(created.json()).invitation.url?.split('/j/')[1] ?? '';
    const info = await t.app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token } });
    expect(InvitationInfo.parse(info.json()).identificationRequired).toEqual(['idporten-high', 'id-shown-in-video']);
    expect(IDENTIFICATION_FLOORS['consultation:no-personal-data'].patient).toEqual(['name']);
  });
});
