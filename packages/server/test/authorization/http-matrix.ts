/**
 * The authorization matrix for HTTP (issue 8): one table row per route, naming who may use it.
 * `http-matrix.test.ts` asserts every cell against the real app — every forbidden cell is refused
 * with a coded error and changes nothing stored, every allowed one works — and fails when a route
 * exists that this table does not list, so a new route cannot ship without its row.
 *
 * Actors are what HTTP can tell apart: no session, the organisation's admin, the clinician who
 * owns the resources of the fixture, and another clinician of the same organisation. People who
 * come through a link (patient, relative, guest) have no session: over HTTP they are `anonymous`
 * holding a link token, and what they may do in a call is the socket matrix's part.
 */
import { HTTP_ACTORS, type HttpFixture } from './http-fixture.ts';
import { ADMIN, CLINICIANS, EVERYONE, LOGGED_IN, OWNER, type HttpRow } from './http-rows.ts';
import { SETTINGS_AND_RECORDS_ROWS } from './http-matrix-settings.ts';

export { HTTP_ACTORS };
export type { HttpRequestSpec, HttpRow } from './http-rows.ts';

function inFuture(f: HttpFixture, hours: number): string {
  return new Date(f.t.clock.now.getTime() + hours * 3_600_000).toISOString();
}

export const HTTP_MATRIX: readonly HttpRow[] = [
  { method: 'GET', route: '/healthz', allow: EVERYONE, request: () => ({ url: '/healthz' }) },
  { method: 'GET', route: '/readyz', allow: EVERYONE, request: () => ({ url: '/readyz' }) },
  { method: 'GET', route: '/api/config', allow: EVERYONE, request: () => ({ url: '/api/config' }) },
  { method: 'GET', route: '/api/setup/status', allow: EVERYONE, request: () => ({ url: '/api/setup/status' }) },
  {
    method: 'POST',
    route: '/api/setup',
    allow: [],
    why: 'the first admin is made once, with the setup token; afterwards nobody may',
    request: () => ({
      url: '/api/setup',
      body: {
        setupToken: 'x'.repeat(43),
        organisationName: 'Annen klinikk',
        email: 'ny-admin@example.no',
        displayName: 'Ny Admin',
        password: 'another long password here',
      },
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/login',
    allow: EVERYONE,
    why: 'anyone may log in with a right password (the limiter is tested elsewhere)',
    request: (f) => ({ url: '/api/auth/login', body: { email: f.ownerEmail, password: f.password } }),
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    allow: LOGGED_IN,
    request: () => ({ url: '/api/auth/logout' }),
    // The cell ends the actor's session: it gets a new one for the cells after it.
    after: (f, actor) => f.relogin(actor),
  },
  {
    method: 'POST',
    route: '/api/auth/passkey/options',
    allow: EVERYONE,
    request: () => ({ url: '/api/auth/passkey/options', body: {} }),
  },
  {
    method: 'POST',
    route: '/api/auth/passkey/login',
    allow: EVERYONE,
    why: "whoever holds the owner's passkey may log in with it (the wrong ones: passkeys.test.ts)",
    request: async (f) => {
      const { body, cookie } = await f.passkeyLogin();
      return { url: '/api/auth/passkey/login', body, cookie };
    },
  },
  { method: 'GET', route: '/api/passkeys', allow: LOGGED_IN, request: () => ({ url: '/api/passkeys' }) },
  {
    method: 'POST',
    route: '/api/passkeys/options',
    allow: LOGGED_IN,
    request: () => ({ url: '/api/passkeys/options', body: {} }),
  },
  {
    method: 'POST',
    route: '/api/passkeys',
    allow: LOGGED_IN,
    why: 'each member registers passkeys for their own account only (the challenge is bound to the session)',
    request: async (f, actor) => ({ url: '/api/passkeys', body: await f.passkeyRegistration(actor) }),
  },
  {
    method: 'POST',
    route: '/api/passkeys/:id/delete',
    allow: OWNER,
    why: 'a passkey is removed by its member; the admin resets credentials instead (audited)',
    request: async (f) => ({ url: `/api/passkeys/${await f.newOwnerPasskey()}/delete`, body: {} }),
  },
  {
    method: 'POST',
    route: '/api/passkeys/settings',
    allow: LOGGED_IN,
    request: () => ({ url: '/api/passkeys/settings', body: { requiresPasskey: false } }),
  },
  {
    method: 'POST',
    route: '/api/users/:id/reset-credentials',
    allow: ADMIN,
    request: async (f) => ({
      url: `/api/users/${await f.newMember()}/reset-credentials`,
      body: { password: 'a brand new password' },
    }),
  },
  { method: 'GET', route: '/api/auth/me', allow: LOGGED_IN, request: () => ({ url: '/api/auth/me' }) },
  { method: 'GET', route: '/api/audit', allow: ADMIN, request: () => ({ url: '/api/audit' }) },
  { method: 'GET', route: '/api/users', allow: ADMIN, request: () => ({ url: '/api/users' }) },
  {
    method: 'POST',
    route: '/api/users',
    allow: ADMIN,
    request: (f) => ({
      url: '/api/users',
      body: { email: f.uniqueEmail(), displayName: 'Ny Kollega', role: 'clinician', password: f.password },
    }),
  },
  { method: 'GET', route: '/api/consultations', allow: CLINICIANS, request: () => ({ url: '/api/consultations' }) },
  {
    method: 'POST',
    route: '/api/consultations',
    allow: CLINICIANS,
    request: () => ({ url: '/api/consultations', body: { label: 'Kontroll' } }),
  },
  {
    method: 'POST',
    route: '/api/consultations/:id/invitations',
    allow: OWNER,
    request: (f) => ({ url: `/api/consultations/${f.consultationId}/invitations`, body: { role: 'relative' } }),
  },
  {
    method: 'POST',
    route: '/api/consultations/:id/invitations/:invitationId/revoke',
    allow: OWNER,
    request: async (f) => {
      const invitationId = await f.newConsultationInvitation();
      return { url: `/api/consultations/${f.consultationId}/invitations/${invitationId}/revoke` };
    },
  },
  {
    method: 'GET',
    route: '/api/consultations/:id/summary',
    allow: OWNER,
    why: 'who took part in a clinical consultation is for its clinician only',
    request: (f) => ({ url: `/api/consultations/${f.consultationId}/summary` }),
  },
  {
    method: 'GET',
    route: '/api/appointments',
    allow: CLINICIANS,
    why: 'each clinician lists their own: the list itself is not shared',
    request: () => ({ url: '/api/appointments' }),
  },
  {
    method: 'POST',
    route: '/api/appointments',
    allow: CLINICIANS,
    request: (f) => ({
      url: '/api/appointments',
      body: {
        startsAt: inFuture(f, 24 + f.nextSlot()),
        durationMinutes: 20,
        kind: 'follow-up',
        contact: { email: 'pasient@example.no' },
        language: 'nb',
      },
    }),
  },
  {
    method: 'POST',
    route: '/api/appointments/:id/reschedule',
    allow: OWNER,
    request: async (f) => ({
      url: `/api/appointments/${await f.newAppointment()}/reschedule`,
      body: { startsAt: inFuture(f, 200 + f.nextSlot()), durationMinutes: 30 },
    }),
  },
  {
    method: 'POST',
    route: '/api/appointments/:id/resend',
    allow: OWNER,
    request: async (f) => ({ url: `/api/appointments/${await f.newAppointment()}/resend` }),
  },
  {
    method: 'POST',
    route: '/api/appointments/:id/cancel',
    allow: OWNER,
    request: async (f) => ({ url: `/api/appointments/${await f.newAppointment()}/cancel` }),
  },
  { method: 'GET', route: '/api/meetings', allow: LOGGED_IN, request: () => ({ url: '/api/meetings' }) },
  {
    method: 'POST',
    route: '/api/meetings',
    allow: LOGGED_IN,
    request: () => ({ url: '/api/meetings', body: { kind: 'internal', hasPersonalData: false, title: 'Morgenmøte' } }),
  },
  {
    method: 'GET',
    route: '/api/meetings/:id',
    allow: LOGGED_IN,
    why: "the organisation's members may open its meetings; who waits only its hosts see (meetings.test.ts)",
    request: (f) => ({ url: `/api/meetings/${f.meetingId}` }),
  },
  {
    method: 'POST',
    route: '/api/meetings/:id/invitations',
    allow: OWNER,
    request: (f) => ({ url: `/api/meetings/${f.meetingId}/invitations`, body: { role: 'relative' } }),
  },
  {
    method: 'POST',
    route: '/api/invitations/inspect',
    allow: EVERYONE,
    why: 'the link itself is the authority: whoever holds it may see what it is for',
    request: (f) => ({ url: '/api/invitations/inspect', body: { token: f.patientLinkToken } }),
  },
  {
    method: 'POST',
    route: '/api/auth/idporten/start',
    allow: EVERYONE,
    why: "the link is the authority: its holder identifies with ID-porten before the waiting room (the matrix's app has a test ID-porten)",
    request: (f) => ({ url: '/api/auth/idporten/start', body: { token: f.patientLinkToken } }),
  },
  ...SETTINGS_AND_RECORDS_ROWS,
];

/**
 * Routes that are not API: the web app's pages (the same static shell for everyone; what they
 * show comes from the API above) and the WebSocket upgrade (the socket matrix covers it).
 */
export const NOT_API_ROUTES: readonly string[] = [
  'GET /',
  'GET /login',
  'GET /admin',
  'GET /account',
  'GET /setup',
  'GET /test',
  'GET /tilgjengelighet',
  'GET /*',
  'GET /ws',
  // HelseID's redirects need the provider: helseid-login.test.ts runs them against a real one
  // (state, nonce, codes, tokens, DPoP) and refuses each forgery; without HelseID configured, as
  // here, they answer OIDC_NOT_CONFIGURED to everyone.
  'GET /api/auth/helseid/start',
  'GET /api/auth/helseid/callback',
  'POST /api/auth/helseid/link',
  // ID-porten's callback is a redirect for whoever comes back from the provider with this
  // browser's pending login: idporten.test.ts runs it against a real provider and refuses a
  // tampered state, a missing cookie, a wrong level, another person.
  'GET /api/auth/idporten/callback',
];
