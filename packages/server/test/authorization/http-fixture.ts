/**
 * The world the HTTP authorization matrix runs in: one organisation with its admin, a clinician
 * who owns a consultation (with a patient link), a meeting and appointments, and a second
 * clinician who owns none of them. Sessions are made through the real login API.
 */
import { z } from 'zod';
import { PasskeyOptions } from '@samtale/protocol';
import { SoftAuthenticator } from '../helpers/SoftAuthenticator.ts';
import { passkeyCookieOf, registerPasskey } from '../helpers/passkey-flows.ts';
import type { Storage } from '../../src/storage/types.ts';
import { randomToken, sha256Hex } from '../../src/auth/tokens.ts';
import {
  addUser,
  authHeaders,
  logIn,
  setUpAdmin,
  TEST_PASSWORD,
  uniqueEmail,
  type TestApp,
  type TestSession,
} from '../helpers/test-app.ts';

/** Who the HTTP matrix tells apart (see http-matrix.ts). */
export const HTTP_ACTORS = ['anonymous', 'admin', 'owner', 'otherClinician'] as const;
export type HttpActor = (typeof HTTP_ACTORS)[number];

const Created = z.object({
  consultation: z.object({ id: z.string() }),
  invitation: z.object({ url: z.string() }),
});
const WithId = z.object({ id: z.string() });
const CreatedMeeting = z.object({ meeting: WithId });
const BookedAppointment = z.object({ appointment: WithId });

export interface HttpFixture {
  t: TestApp;
  password: string;
  ownerEmail: string;
  consultationId: string;
  meetingId: string;
  /** The patient link's token (from the link's fragment). */
  patientLinkToken: string;
  /** Headers for `actor` (none for anonymous). */
  headersOf(actor: HttpActor): Record<string, string>;
  /** Gives `actor` a fresh session (a cell that logs out uses up the old one). */
  relogin(actor: HttpActor): Promise<void>;
  /** A fresh invitation of the owner's consultation; its id. */
  newConsultationInvitation(): Promise<string>;
  /** A fresh appointment of the owner's; its id. */
  newAppointment(): Promise<string>;
  /** The `/test#<key>` key of a fresh link of a fresh appointment of the owner's (issue 9). */
  newEquipmentTestKey(): Promise<string>;
  /** The body of POST /api/passkeys for `actor` (for anonymous: one made for the owner). */
  passkeyRegistration(actor: HttpActor): Promise<unknown>;
  /** A passkey of the owner's; its id. */
  newOwnerPasskey(): Promise<string>;
  /** A passwordless login with the owner's passkey: the body and the pre-login cookie. */
  passkeyLogin(): Promise<{ body: unknown; cookie: string }>;
  /** A fresh member of the organisation (made by the admin); their user id. */
  newMember(): Promise<string>;
  /** GET `url` as the owner; the JSON answer. */
  ownerGet(url: string): Promise<unknown>;
  /** GET `url` as the admin; the JSON answer (to send back as a PUT body). */
  adminGet(url: string): Promise<Record<string, unknown>>;
  /** A new hour offset, so that bookings never overlap. */
  nextSlot(): number;
  uniqueEmail(): string;
}

async function expectCreated(t: TestApp, session: TestSession, url: string, body: unknown): Promise<unknown> {
  const response = await t.app.inject({ method: 'POST', url, headers: authHeaders(session), payload: body as object });
  if (response.statusCode !== 201)
    throw new TypeError(`fixture: POST ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

export async function httpFixture(t: TestApp, storage: Storage): Promise<HttpFixture> {
  const sessions = new Map<HttpActor, TestSession>();
  const admin = await setUpAdmin(t, storage);
  sessions.set('admin', admin);
  const owner = await addUser(t, admin, 'clinician');
  sessions.set('owner', owner);
  sessions.set('otherClinician', await addUser(t, admin, 'clinician'));

  const created = Created.parse(await expectCreated(t, owner, '/api/consultations', { label: 'Kontroll' }));
  const meeting = CreatedMeeting.parse(
    await expectCreated(t, owner, '/api/meetings', { kind: 'clinical', hasPersonalData: true, title: 'Samarbeid' }),
  );
  // The link is `${PUBLIC_URL}/j/<token>`.
  const patientLinkToken = new URL(created.invitation.url).pathname.split('/').pop() ?? '';
  const authenticator = new SoftAuthenticator(t.config.publicUrl);
  let ownerCredential: Awaited<ReturnType<typeof registerPasskey>>['credential'] | undefined;
  let slot = 0;
  const nextSlot = () => (slot += 1);
  const current = (actor: HttpActor): TestSession => {
    const session = sessions.get(actor);
    if (!session) throw new TypeError(`fixture: no session for ${actor}`);
    return session;
  };

  const fixture: HttpFixture = {
    t,
    password: TEST_PASSWORD,
    ownerEmail: owner.user.email,
    consultationId: created.consultation.id,
    meetingId: meeting.meeting.id,
    patientLinkToken,
    headersOf: (actor) => (actor === 'anonymous' ? {} : authHeaders(current(actor))),
    async relogin(actor) {
      if (actor === 'anonymous') return;
      sessions.set(actor, await logIn(t, current(actor).user.email));
    },
    async newConsultationInvitation() {
      const body = await expectCreated(
        t,
        current('owner'),
        `/api/consultations/${created.consultation.id}/invitations`,
        {
          role: 'relative',
        },
      );
      return WithId.parse(body).id;
    },
    async newAppointment() {
      const startsAt = new Date(t.clock.now.getTime() + (48 + nextSlot()) * 3_600_000).toISOString();
      const body = await expectCreated(t, current('owner'), '/api/appointments', {
        startsAt,
        durationMinutes: 20,
        kind: 'follow-up',
        contact: { email: 'pasient@example.no' },
        language: 'nb',
      });
      return BookedAppointment.parse(body).appointment.id;
    },
    async newEquipmentTestKey() {
      // The fixture's app sends no e-mail, so the link is added as the appointment's own are.
      const key = randomToken(32);
      await storage.appointments.addLink(
        await fixture.newAppointment(),
        {
          tokenHash: sha256Hex(randomToken(32)),
          createdByUserId: current('owner').user.id,
          expiresAt: new Date(t.clock.now.getTime() + 96 * 3_600_000),
          equipmentKeyHash: sha256Hex(key),
        },
        t.clock.now,
      );
      return key;
    },
    async passkeyRegistration(actor) {
      const session = current(actor === 'anonymous' ? 'owner' : actor);
      const started = await t.app.inject({
        method: 'POST',
        url: '/api/passkeys/options',
        headers: authHeaders(session),
        payload: {},
      });
      const { options } = PasskeyOptions.parse(started.json());
      const created = authenticator.create(options as unknown as { challenge: string; user: { id: string } });
      return { name: 'Matrise', credential: created.response };
    },
    async newOwnerPasskey() {
      const made = await registerPasskey(t, current('owner'), authenticator, 'Matrise');
      ownerCredential = made.credential;
      return made.view.id;
    },
    async passkeyLogin() {
      if (ownerCredential === undefined) await fixture.newOwnerPasskey();
      const started = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} });
      const { options } = PasskeyOptions.parse(started.json());
      const credential = ownerCredential;
      if (credential === undefined) throw new TypeError('fixture: no owner passkey');
      return {
        body: { credential: authenticator.assert(credential, { challenge: options.challenge }) },
        cookie: passkeyCookieOf(started),
      };
    },
    async newMember() {
      const body = await expectCreated(t, current('admin'), '/api/users', {
        email: uniqueEmail('member'),
        displayName: 'Mona Medlem',
        role: 'clinician',
        password: TEST_PASSWORD,
      });
      return WithId.parse(body).id;
    },
    async ownerGet(url) {
      const response = await t.app.inject({ method: 'GET', url, headers: authHeaders(current('owner')) });
      if (response.statusCode !== 200) throw new TypeError(`fixture: GET ${url} answered ${response.statusCode}`);
      return response.json();
    },
    async adminGet(url) {
      const response = await t.app.inject({ method: 'GET', url, headers: authHeaders(current('admin')) });
      if (response.statusCode !== 200) throw new TypeError(`fixture: GET ${url} answered ${response.statusCode}`);
      return response.json<Record<string, unknown>>();
    },
    nextSlot,
    uniqueEmail: () => uniqueEmail('matrix'),
  };
  return fixture;
}
