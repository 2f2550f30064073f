import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, MessageTemplateList, MessageTemplatePreview } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import { addUser, authHeaders, setUpAdmin, startTestApp, type TestApp, type TestSession } from './helpers/test-app.ts';
import { startTestSveve, type TestSveve } from './helpers/test-sveve.ts';

describe.each(storageBackends())("an organisation's SMS texts on $name", (backend) => {
  let opened: OpenedStorage;
  let sveve: TestSveve;
  let t: TestApp;
  let admin: TestSession;
  let clinician: TestSession;

  beforeAll(async () => {
    opened = await backend.open();
    sveve = await startTestSveve();
    t = await startTestApp(
      opened.storage,
      {
        SMS_PROVIDER: 'sveve',
        SVEVE_URL: sveve.url,
        SVEVE_USER: sveve.user,
        SVEVE_PASSWORD: sveve.password,
        SVEVE_FROM: 'Klinikken',
      },
      { isPollingJobs: false },
    );
    admin = await setUpAdmin(t, opened.storage);
    clinician = await addUser(t, admin);
  });
  afterAll(async () => {
    await t.close();
    await sveve.close();
    await opened.dispose();
  });

  const request = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, session = admin) =>
    t.app.inject({ method, url, headers: authHeaders(session), ...(payload ? { payload } : {}) });
  const reminderNb = { language: 'nb', purpose: 'invitation', channel: 'sms' } as const;

  it('lists a default text for every language and purpose, to admins only', async () => {
    const r = await request('GET', '/api/admin/message-templates');
    expect(r.statusCode).toBe(200);
    const templates = MessageTemplateList.parse(r.json()).templates.filter((x) => x.channel === 'sms');
    expect(templates).toHaveLength(12);
    expect(templates.every((x) => x.isDefault)).toBe(true);
    expect((await request('GET', '/api/admin/message-templates', undefined, clinician)).statusCode).toBe(403);
  });

  it('refuses an unknown placeholder with TEMPLATE_INVALID, in a save and a preview, and keeps the text it had', async () => {
    for (const url of ['/api/admin/message-templates', '/api/admin/message-templates/preview']) {
      const r = await request(url.endsWith('preview') ? 'POST' : 'PUT', url, {
        ...reminderNb,
        body: 'Hei {navn}, {tid}',
      });
      expect(r.statusCode).toBe(400);
      const { error } = ApiError.parse(r.json());
      expect(error.code).toBe('TEMPLATE_INVALID');
    }
    const { templates } = MessageTemplateList.parse((await request('GET', '/api/admin/message-templates')).json());
    expect(templates.every((x) => x.isDefault)).toBe(true);
  });

  it('previews with example values, saves, sends it, and goes back to the default when emptied', async () => {
    const body = 'Time hos {organisasjon} {tid}. Lenke: {lenke}';
    const preview = await request('POST', '/api/admin/message-templates/preview', { ...reminderNb, body });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(MessageTemplatePreview.parse(preview.json()).text).toMatch(
      /^Time hos Testklinikken .+\. Lenke: https:\/\/samtale\.test\/j\/eksempel$/,
    );

    const saved = await request('PUT', '/api/admin/message-templates', { ...reminderNb, body });
    expect(saved.statusCode, saved.body).toBe(200);
    const mine = MessageTemplateList.parse(saved.json()).templates.find(
      (x) => x.channel === 'sms' && x.language === 'nb' && x.purpose === 'invitation',
    );
    expect(mine).toMatchObject({ body, isDefault: false });

    const booked = await request(
      'POST',
      '/api/appointments',
      {
        startsAt: new Date(t.clock.now.getTime() + 3_600_000).toISOString(),
        durationMinutes: 20,
        kind: 'other',
        contact: { phone: '41234567' },
        language: 'nb',
      },
      clinician,
    );
    expect(booked.statusCode, booked.body).toBe(201);
    expect((await sveve.nextSms()).msg).toMatch(
      /^Time hos Testklinikken .+\. Lenke: https:\/\/samtale\.test\/j\/[\w-]{43}$/,
    );

    const reset = await request('PUT', '/api/admin/message-templates', { ...reminderNb, body: '' });
    const back = MessageTemplateList.parse(reset.json()).templates.find(
      (x) => x.channel === 'sms' && x.language === 'nb' && x.purpose === 'invitation',
    );
    expect(back?.isDefault).toBe(true);
  });
});
