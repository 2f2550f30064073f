/**
 * Rows of the HTTP authorization matrix (http-matrix.ts) for what issues 8 and 9 added: the
 * organisation's settings (the admin only), a consultation's own records (its host only), and the
 * few routes anyone may use.
 */
import { ADMIN, EVERYONE, LOGGED_IN, OWNER, type HttpRow } from './http-rows.ts';

export const SETTINGS_AND_RECORDS_ROWS: readonly HttpRow[] = [
  // ---- the organisation's settings: the admin only (issues 8 and 9) ----
  ...[
    'compliance',
    'retention',
    'identification-policy',
    'journal-settings',
    'checklist',
    'patient-texts',
    'message-templates',
    'reminder-offsets',
    'helseid',
  ].map((name): HttpRow => ({
    method: 'GET',
    route: `/api/admin/${name}`,
    allow: ADMIN,
    request: () => ({ url: `/api/admin/${name}` }),
  })),
  {
    method: 'PUT',
    route: '/api/admin/retention',
    allow: ADMIN,
    request: async (f) => ({ url: '/api/admin/retention', body: (await f.adminGet('/api/admin/retention')).settings }),
  },
  {
    method: 'PUT',
    route: '/api/admin/identification-policy',
    allow: ADMIN,
    request: async (f) => ({
      url: '/api/admin/identification-policy',
      body: (await f.adminGet('/api/admin/identification-policy')).organisation,
    }),
  },
  {
    method: 'PUT',
    route: '/api/admin/journal-settings',
    allow: ADMIN,
    request: async (f) => {
      const current = await f.adminGet('/api/admin/journal-settings');
      return {
        url: '/api/admin/journal-settings',
        body: { epjFhirUrl: current.epjFhirUrl, billingTable: current.billingTable },
      };
    },
  },
  {
    method: 'PUT',
    route: '/api/admin/checklist',
    allow: ADMIN,
    request: async (f) => {
      const saved = (await f.adminGet('/api/admin/checklist')) as { current?: { items?: unknown } };
      return { url: '/api/admin/checklist', body: { items: saved.current?.items } };
    },
  },
  {
    method: 'PUT',
    route: '/api/admin/patient-texts/:language',
    allow: ADMIN,
    request: () => ({
      url: '/api/admin/patient-texts/nb',
      body: { information: 'Det er frivillig å delta.', consent: 'Jeg samtykker til helsehjelp på video.' },
    }),
  },
  {
    method: 'PUT',
    route: '/api/admin/message-templates',
    allow: ADMIN,
    request: () => ({
      url: '/api/admin/message-templates',
      // The e-mail channel (issue 9); the SMS one goes through the same route and guard.
      body: {
        language: 'nb',
        purpose: 'reminder',
        channel: 'email',
        subject: 'Time hos {organisasjon}',
        body: 'Time hos {organisasjon} {tid}: {lenke}',
      },
    }),
  },
  {
    method: 'POST',
    route: '/api/admin/message-templates/preview',
    allow: ADMIN,
    request: () => ({
      url: '/api/admin/message-templates/preview',
      body: { language: 'nb', purpose: 'reminder', channel: 'sms', body: 'Time {tid}: {lenke}' },
    }),
  },
  {
    method: 'PUT',
    route: '/api/admin/reminder-offsets',
    allow: ADMIN,
    request: () => ({ url: '/api/admin/reminder-offsets', body: { offsetsMinutes: [1440, 60] } }),
  },
  {
    method: 'PUT',
    route: '/api/admin/helseid/provisioning',
    allow: ADMIN,
    request: () => ({ url: '/api/admin/helseid/provisioning', body: { isEnabled: false, role: 'clinician' } }),
  },
  {
    method: 'POST',
    route: '/api/admin/helseid/members',
    allow: ADMIN,
    request: (f) => ({
      url: '/api/admin/helseid/members',
      body: {
        email: f.uniqueEmail(),
        displayName: 'Hanne Helse',
        role: 'clinician',
        hprNumber: String(100000 + f.nextSlot()),
      },
    }),
  },
  // ---- a consultation's own records: its host only (issue 9) ----
  ...['checklist', 'consents', 'journal-facts'].map((name): HttpRow => ({
    method: 'GET',
    route: `/api/consultations/:id/${name}`,
    allow: OWNER,
    why: 'what happened in a consultation is for its clinician',
    request: (f) => ({ url: `/api/consultations/${f.consultationId}/${name}` }),
  })),
  {
    method: 'POST',
    route: '/api/consultations/:id/checklist/ticks',
    allow: OWNER,
    request: async (f) => {
      const list = (await f.ownerGet(`/api/consultations/${f.consultationId}/checklist`)) as {
        items: { id: string }[];
      };
      return {
        url: `/api/consultations/${f.consultationId}/checklist/ticks`,
        body: { itemId: list.items[0]?.id, isTicked: true },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/patient-texts',
    allow: LOGGED_IN,
    why: 'any member may read the consent text aloud to a patient',
    request: () => ({ url: '/api/patient-texts' }),
  },
  { method: 'GET', route: '/api/auth/providers', allow: EVERYONE, request: () => ({ url: '/api/auth/providers' }) },
  {
    method: 'POST',
    route: '/api/equipment-test/ice-servers',
    allow: EVERYONE,
    why: 'the equipment test needs no login; it is limited per address instead (equipment-test.test.ts)',
    request: () => ({ url: '/api/equipment-test/ice-servers', body: {} }),
  },
  {
    method: 'POST',
    route: '/api/equipment-test/result',
    allow: EVERYONE,
    why: 'the key of the invitation’s /test link is the authority, like a link’s token; unknown keys are braked per address (equipment-tested.test.ts)',
    request: async (f) => ({
      url: '/api/equipment-test/result',
      body: { key: await f.newEquipmentTestKey(), verdict: 'ok' },
    }),
  },
];
