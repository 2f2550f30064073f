/**
 * ID-porten identification of the patient before the waiting room (issue 8), through the app and
 * a real provider (oidc-provider, ID-porten profile), over real sockets: the level the call's
 * policy asks for is checked, the pid becomes a keyed hash at once and is found nowhere (logs,
 * answers, anyone's socket), the host sees level, birth date and match, and a forwarded link
 * needs the same person. Every refusal is coded and stores nothing.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { CreatedConsultation, InvitationInfo, type ParticipantView } from '@samtale/protocol';
import type { KyselyStorage } from '../src/storage/create-storage.ts';
import { IdpBrowser } from './helpers/idp/IdpBrowser.ts';
import { providerTap, resigned, type ProviderTap } from './helpers/idp/forge.ts';
import { IDPORTEN_PERSONS, type IdPortenPerson } from './helpers/idp/persons.ts';
import { startIdpFixture, type IdpFixture } from './helpers/idp/rp-fixture.ts';
import { pgliteBackend, type OpenedStorage } from './helpers/storage-backends.ts';
import { joinAsHostMessage, joinWithLinkMessage } from './helpers/signaling-fixtures.ts';
import { TestClient } from './helpers/TestClient.ts';
import {
  addUser,
  authHeaders,
  setUpAdmin,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestApp,
  type TestSession,
} from './helpers/test-app.ts';

const REDIRECT = `${TEST_PUBLIC_URL}/api/auth/idporten/callback`;
const BACK = `${TEST_PUBLIC_URL}/j/idporten`;
function person(id: string): IdPortenPerson {
  const found = IDPORTEN_PERSONS.find((p) => p.id === id);
  if (found === undefined) throw new TypeError(`no test person ${id}`);
  return found;
}
const HIGH = person('idporten-hoy');
const SUBSTANTIAL = person('idporten-betydelig');
const OTHER = person('idporten-dnummer');

let fx: IdpFixture;
let opened: OpenedStorage;
let storage: KyselyStorage;
let t: TestApp;
let tap: ProviderTap;
let admin: TestSession;
let clinician: TestSession;
let wsUrl: string;
/** Every answer the app gave a browser in this test (bodies and headers), to search for the pid. */
let answers: string[];
const sockets: TestClient[] = [];

beforeAll(async () => {
  fx = await startIdpFixture('idporten', REDIRECT);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(async () => {
  opened = await pgliteBackend.open();
  storage = opened.storage;
  tap = providerTap();
  answers = [];
  t = await startTestApp(
    storage,
    {
      IDPORTEN_ISSUER: fx.idp.issuer,
      IDPORTEN_CLIENT_ID: fx.clientId,
      IDPORTEN_PRIVATE_KEY_FILE: fx.keyFile.path,
      IDENTITY_HMAC_KEY: randomBytes(32).toString('hex'),
    },
    { idporten: { fetch: tap.fetch } },
  );
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  wsUrl = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ws`;
  admin = await setUpAdmin(t, storage);
  clinician = await addUser(t, admin);
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => (s.isOpen ? s.close() : Promise.resolve())));
  await t.close();
  await opened.dispose();
});

async function inject(options: InjectOptions): Promise<LightMyRequestResponse> {
  const response = await t.app.inject(options);
  answers.push(response.body, JSON.stringify(response.headers));
  return response;
}

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  const cookie = response.cookies.find((c) => c.name === name && c.value !== '');
  return cookie && `${cookie.name}=${cookie.value}`;
}

/** Sets the patient's rule of 1:1 consultations (admins may tighten the floor). */
async function requirePatient(patient: string[]): Promise<void> {
  const row = { member: ['login'], patient, guest: ['name'] };
  const response = await inject({
    method: 'PUT',
    url: '/api/admin/identification-policy',
    headers: authHeaders(admin),
    payload: { 'consultation:no-personal-data': row, 'consultation:personal-data': row },
  });
  expect(response.statusCode).toBe(200);
}

/** A consultation of the clinician's (naming `expectedPatient` when given) and its patient link's token. */
async function newConsultation(expectedPatient?: string): Promise<{ id: string; token: string }> {
  const response = await inject({
    method: 'POST',
    url: '/api/consultations',
    headers: authHeaders(clinician),
    payload: expectedPatient === undefined ? {} : { expectedPatient },
  });
  expect(response.statusCode).toBe(201);
  const created = CreatedConsultation.parse(response.json());
  const token = created.invitation.url?.split('/j/')[1];
  if (token === undefined) throw new TypeError('no link');
  return { id: created.consultation.id, token };
}

async function relativeLink(consultationId: string): Promise<string> {
  const response = await inject({
    method: 'POST',
    url: `/api/consultations/${consultationId}/invitations`,
    headers: authHeaders(clinician),
    payload: { role: 'relative' },
  });
  const token = response.json<{ url: string }>().url.split('/j/')[1];
  if (token === undefined) throw new TypeError('no link');
  return token;
}

/** The patient's browser: start with the link, log in at the provider as `personId`, come back. */
async function identify(token: string, personId: string): Promise<LightMyRequestResponse> {
  const start = await inject({
    method: 'POST',
    url: '/api/auth/idporten/start',
    headers: { origin: TEST_PUBLIC_URL },
    payload: { token },
  });
  expect(start.statusCode).toBe(200);
  const url = new URL(start.json<{ url: string }>().url);
  // PAR: the browser's URL carries client_id and request_uri only — not the link, not the level.
  expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  expect(url.href).not.toContain(token);
  const pendingCookie = cookieOf(start, 'samtale_oidc');
  if (pendingCookie === undefined) throw new TypeError('no pending-login cookie');
  const callback = await new IdpBrowser().login(url, REDIRECT, personId);
  return callbackWith(pendingCookie, callback);
}

function callbackWith(cookie: string | null, callback: URL): Promise<LightMyRequestResponse> {
  return inject({
    method: 'GET',
    url: `/api/auth/idporten/callback${callback.search}`,
    headers: cookie === null ? {} : { cookie },
  });
}

/** The identification cookie an accepted callback set (the browser keeps it). */
function identified(response: LightMyRequestResponse): string {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe(BACK);
  const cookie = cookieOf(response, 'samtale_idporten');
  if (cookie === undefined) throw new TypeError('no identification cookie');
  return cookie;
}

async function expectRefused(response: LightMyRequestResponse, code: string): Promise<void> {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe(`${BACK}?error=${code}`);
  expect(cookieOf(response, 'samtale_idporten')).toBeUndefined();
  const audit = await storage.audit.list({ action: 'idporten_refused' });
  expect(audit[0]?.details).toEqual({ code });
}

async function identificationRows(): Promise<number> {
  const rows = await storage.db.selectFrom('idportenIdentifications').selectAll().execute();
  return rows.length;
}

async function socket(cookie?: string): Promise<TestClient> {
  const client = await TestClient.open(wsUrl, cookie);
  sockets.push(client);
  return client;
}

async function openAsHost(consultationId: string): Promise<TestClient> {
  const host = await socket(clinician.cookie);
  host.send(joinAsHostMessage(consultationId));
  await host.next('admitted');
  return host;
}

const identificationOf = (ps: readonly ParticipantView[], id: string) => ps.find((p) => p.id === id)?.identification;

describe('ID-porten before the waiting room', () => {
  it('identifies a patient at level high: the host sees level, birth date and match; the pid is found nowhere', async () => {
    await requirePatient(['idporten-high']);
    const { id, token } = await newConsultation(HIGH.pid);
    const cookie = identified(await identify(token, HIGH.id));
    const info = await inject({
      method: 'POST',
      url: '/api/invitations/inspect',
      headers: { cookie },
      payload: { token },
    });
    expect(InvitationInfo.parse(info.json())).toMatchObject({
      identificationRequired: ['idporten-high'],
      isIdportenEnabled: true,
      idportenLevel: 'high',
    });

    const host = await openAsHost(id);
    const patient = await socket(cookie);
    patient.send(joinWithLinkMessage(token, 'Pasient Høy'));
    const { participantId } = await patient.next('welcome');
    const waiting = await host.next('roster', (r) => r.participants.some((p) => p.id === participantId));
    expect(identificationOf(waiting.participants, participantId)).toEqual({
      kind: 'idporten',
      level: 'high',
      birthDate: HIGH.birthDate,
      expectedPatient: 'match',
    });
    // The policy (ID-porten high) is met: the host may admit.
    host.send({ type: 'admit', participantId });
    await patient.next('admitted');

    // Others in the call see the level only (roster.ts).
    const relative = await socket();
    relative.send(joinWithLinkMessage(await relativeLink(id), 'Pårørende'));
    const relativeId = (await relative.next('welcome')).participantId;
    host.send({ type: 'admit', participantId: relativeId });
    await relative.next('admitted');
    const seen = await relative.next('roster');
    expect(identificationOf(seen.participants, participantId)).toEqual({ kind: 'idporten', level: 'high' });

    const stored = await storage.participants.get(participantId);
    expect(stored?.pidHmac).toMatch(/^[0-9a-f]{64}$/);
    const audit = await storage.audit.list({ consultationId: id, action: 'idporten_identified' });
    expect(audit.map((e) => e.details)).toEqual(
      expect.arrayContaining([{ level: 'high', expectedPatient: 'match' }, { level: 'high' }]),
    );

    await Promise.all([host.barrier(), patient.barrier(), relative.barrier()]);
    const everywhere = [
      ...t.logs,
      ...answers,
      JSON.stringify(host.received),
      JSON.stringify(patient.received),
      JSON.stringify(relative.received),
      JSON.stringify(await storage.audit.list({})),
      JSON.stringify(await storage.db.selectFrom('participants').selectAll().execute()),
      JSON.stringify(await storage.db.selectFrom('idportenIdentifications').selectAll().execute()),
    ].join('\n');
    expect(everywhere).not.toContain(HIGH.pid);
    expect(JSON.stringify(relative.received)).not.toContain(HIGH.birthDate);
    expect(JSON.stringify(relative.received)).not.toContain(stored?.pidHmac);
    // The link's token is in no log line either (it travelled in POST bodies and the socket only).
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('shows a patient who is not the expected one as a mismatch', async () => {
    const { id, token } = await newConsultation(SUBSTANTIAL.pid);
    const cookie = identified(await identify(token, HIGH.id));
    const host = await openAsHost(id);
    const patient = await socket(cookie);
    patient.send(joinWithLinkMessage(token, 'Pasient Høy'));
    const { participantId } = await patient.next('welcome');
    const roster = await host.next('roster', (r) => r.participants.some((p) => p.id === participantId));
    expect(identificationOf(roster.participants, participantId)).toMatchObject({ expectedPatient: 'mismatch' });
  });

  it('refuses level substantial where the policy requires high, and stores no identification', async () => {
    await requirePatient(['idporten-high', 'id-shown-in-video']);
    const { token } = await newConsultation();
    await expectRefused(await identify(token, SUBSTANTIAL.id), 'OIDC_ACR_INSUFFICIENT');
    expect(await identificationRows()).toBe(0);
  });

  it('accepts level substantial where the policy allows it', async () => {
    await requirePatient(['idporten-substantial']);
    const { token } = await newConsultation();
    identified(await identify(token, SUBSTANTIAL.id));
    expect(await identificationRows()).toBe(1);
  });

  it('refuses an ID token with an acr ID-porten does not have (re-signed by the provider) with OIDC_ACR_INSUFFICIENT', async () => {
    await requirePatient(['idporten-substantial']);
    const { token } = await newConsultation();
    tap.changeIdToken = resigned(fx.idp.signingKey, (c) => ({ ...c, acr: 'idporten-loa-low' }));
    await expectRefused(await identify(token, HIGH.id), 'OIDC_ACR_INSUFFICIENT');
    expect(tap.changeIdToken).toBeNull();
    expect(await identificationRows()).toBe(0);
  });

  it('refuses a callback with a tampered state, and one without the pending-login cookie', async () => {
    const { token } = await newConsultation();
    const start = await inject({
      method: 'POST',
      url: '/api/auth/idporten/start',
      headers: { origin: TEST_PUBLIC_URL },
      payload: { token },
    });
    const url = new URL(start.json<{ url: string }>().url);
    const callback = await new IdpBrowser().login(url, REDIRECT, HIGH.id);
    const tamperedState = new URL(callback);
    tamperedState.searchParams.set('state', 'not-the-state');
    await expectRefused(
      await callbackWith(cookieOf(start, 'samtale_oidc') ?? null, tamperedState),
      'OIDC_LOGIN_INVALID',
    );
    // The pending login was taken by the refused attempt: the real callback cannot follow it.
    await expectRefused(await callbackWith(cookieOf(start, 'samtale_oidc') ?? null, callback), 'OIDC_LOGIN_INVALID');
    await expectRefused(await callbackWith(null, callback), 'OIDC_LOGIN_INVALID');
    expect(await identificationRows()).toBe(0);
  });

  it('refuses to start with an unknown link or from another site, storing no pending login', async () => {
    const unknown = await inject({
      method: 'POST',
      url: '/api/auth/idporten/start',
      headers: { origin: TEST_PUBLIC_URL },
      payload: { token: 'x'.repeat(32) },
    });
    expect(unknown.json()).toMatchObject({ error: { code: 'INVITATION_INVALID' } });
    const { token } = await newConsultation();
    const foreign = await inject({
      method: 'POST',
      url: '/api/auth/idporten/start',
      headers: { origin: 'https://evil.example' },
      payload: { token },
    });
    expect(foreign.statusCode).toBe(403);
    expect(await storage.db.selectFrom('oidcPendingLogins').selectAll().execute()).toEqual([]);
  });
});

describe('a forwarded link of a patient identified with ID-porten', () => {
  async function admittedPatient() {
    const { id, token } = await newConsultation();
    const cookie = identified(await identify(token, HIGH.id));
    const host = await openAsHost(id);
    const patient = await socket(cookie);
    patient.send(joinWithLinkMessage(token, 'Pasient Høy'));
    const { participantId } = await patient.next('welcome');
    host.send({ type: 'admit', participantId });
    await patient.next('admitted');
    return { id, token, host, participantId };
  }

  it('offers the same person on a second device to the host, as the link’s other device', async () => {
    const { token, host, participantId } = await admittedPatient();
    const cookie = identified(await identify(token, HIGH.id));
    const second = await socket(cookie);
    second.send(joinWithLinkMessage(token, 'Pasient Høy (mobil)'));
    const welcome = await second.next('welcome');
    expect(welcome.state).toBe('waiting');
    const roster = await host.next('roster', (r) => r.participants.some((p) => p.id === welcome.participantId));
    const offered = roster.participants.find((p) => p.id === welcome.participantId);
    expect(offered).toMatchObject({
      otherDeviceOf: participantId,
      identification: { kind: 'idporten', level: 'high' },
    });
  });

  it('refuses a second device that has not identified with IDPORTEN_SAME_PERSON_REQUIRED, storing nothing', async () => {
    const { id, token } = await admittedPatient();
    const before = (await storage.participants.listByConsultation(id)).length;
    const second = await socket();
    const error = await second.expectError(joinWithLinkMessage(token, 'Noen andre'));
    expect(error.code).toBe('IDPORTEN_SAME_PERSON_REQUIRED');
    expect(await storage.participants.listByConsultation(id)).toHaveLength(before);
  });

  it('refuses another person at the callback with IDPORTEN_OTHER_PERSON, storing no identification', async () => {
    const { token } = await admittedPatient();
    const rows = await identificationRows();
    await expectRefused(await identify(token, OTHER.id), 'IDPORTEN_OTHER_PERSON');
    expect(await identificationRows()).toBe(rows);
  });

  it('refuses another person who identified before the patient did, at the join', async () => {
    const { id, token } = await newConsultation();
    const otherCookie = identified(await identify(token, OTHER.id));
    const cookie = identified(await identify(token, HIGH.id));
    const host = await openAsHost(id);
    const patient = await socket(cookie);
    patient.send(joinWithLinkMessage(token, 'Pasient Høy'));
    const { participantId } = await patient.next('welcome');
    host.send({ type: 'admit', participantId });
    await patient.next('admitted');
    const before = (await storage.participants.listByConsultation(id)).length;
    const other = await socket(otherCookie);
    expect((await other.expectError(joinWithLinkMessage(token, 'Pasient Høy'))).code).toBe('IDPORTEN_OTHER_PERSON');
    expect(await storage.participants.listByConsultation(id)).toHaveLength(before);
  });
});
