/** Test support: the passkey ceremonies through the real API, with a SoftAuthenticator. */
import type { LightMyRequestResponse } from 'fastify';
import { ApiError, PasskeyOptions, PasskeyView, SecondFactorRequired } from '@samtale/protocol';
import { authHeaders, type TestApp, type TestSession } from './test-app.ts';
import type { SoftAuthenticator, SoftCredential } from './SoftAuthenticator.ts';

export function errorCodeOf(response: LightMyRequestResponse): string {
  return ApiError.parse(response.json()).error.code;
}

/** `samtale_passkey=<token>` from a response that set the pre-login cookie. */
export function passkeyCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'samtale_passkey' && c.value !== '');
  if (!cookie) throw new TypeError(`no pre-login cookie in response ${response.statusCode}: ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

/** Registers a new passkey for `session` through the API; returns the soft credential. */
export async function registerPasskey(
  t: TestApp,
  session: TestSession,
  authenticator: SoftAuthenticator,
  name = 'Mobilen',
): Promise<{ credential: SoftCredential; view: PasskeyView }> {
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/passkeys/options',
    headers: authHeaders(session),
    payload: {},
  });
  if (started.statusCode !== 200) throw new TypeError(`options failed: ${started.body}`);
  const { options } = PasskeyOptions.parse(started.json());
  const created = authenticator.create(options as unknown as { challenge: string; user: { id: string } });
  const finished = await t.app.inject({
    method: 'POST',
    url: '/api/passkeys',
    headers: authHeaders(session),
    payload: { name, credential: created.response },
  });
  if (finished.statusCode !== 201) throw new TypeError(`registration failed: ${finished.body}`);
  return { credential: created.credential, view: PasskeyView.parse(finished.json()) };
}

/** Starts a passwordless login: the challenge and its pre-login cookie. */
export async function startPasskeyLogin(t: TestApp): Promise<{ challenge: string; cookie: string }> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} });
  if (response.statusCode !== 200) throw new TypeError(`login options failed: ${response.body}`);
  return { challenge: PasskeyOptions.parse(response.json()).options.challenge, cookie: passkeyCookieOf(response) };
}

/** Starts a login with a password for a member who requires a passkey. */
export async function startSecondFactor(
  t: TestApp,
  email: string,
  password: string,
): Promise<{ challenge: string; cookie: string; allowed: string[] }> {
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new TypeError(`login failed: ${response.body}`);
  const answer = SecondFactorRequired.parse(response.json());
  const allowed = (answer.options['allowCredentials'] as { id: string }[] | undefined)?.map((c) => c.id) ?? [];
  return { challenge: answer.options.challenge, cookie: passkeyCookieOf(response), allowed };
}

/** Posts an assertion to the passkey login route with the pre-login cookie (if any). */
export function postAssertion(t: TestApp, credential: unknown, cookie: string | null) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/passkey/login',
    headers: cookie === null ? {} : { cookie },
    payload: { credential },
  });
}
