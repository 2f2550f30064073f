/**
 * HelseID's part of the configuration (issue 8): all of it or none. The values are HelseID's
 * (IDENTITY.md) but come from the environment, so the test provider and NHN's test and
 * production environments are configuration, not code.
 */
import { readFileSync } from 'node:fs';

export interface HelseIdConfig {
  /** e.g. https://helseid-sts.test.nhn.no (a loopback http issuer is accepted for the local test provider). */
  readonly issuer: string;
  readonly clientId: string;
  /** The private JWK file for private_key_jwt (its public half is registered with Norsk helsenett). */
  readonly privateKeyFile: string;
  /** Registered with Norsk helsenett: `${PUBLIC_URL}/api/auth/helseid/callback` by default. */
  readonly redirectUrl: string;
  /** Where HelseID sends the browser after logging out there: `${PUBLIC_URL}/login` by default. */
  readonly postLogoutRedirectUrl: string;
  readonly scopes: readonly string[];
}

/** The scopes of HelseID's samples (IDENTITY.md), without offline_access (no refresh tokens kept). */
export const DEFAULT_HELSEID_SCOPES = [
  'openid',
  'profile',
  'helseid://scopes/identity/pid_pseudonym',
  'helseid://scopes/identity/assurance_level',
  'helseid://scopes/identity/security_level',
  'helseid://scopes/identity/network',
  'helseid://scopes/hpr/hpr_number',
] as const;

const VARIABLES = ['HELSEID_ISSUER', 'HELSEID_CLIENT_ID', 'HELSEID_PRIVATE_KEY_FILE'] as const;

/** https, or http only for a provider on this machine (the local test provider). */
export function isAllowedIssuer(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Checks the key file without importing it (that is async): readable, JSON, a private key. */
export function keyFileProblem(file: string, variable = 'HELSEID_PRIVATE_KEY_FILE'): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `${variable}: cannot read ${file}`;
  }
  try {
    const jwk = JSON.parse(text) as { d?: unknown; kty?: unknown };
    if (typeof jwk.kty !== 'string') return `${variable}: is not a JWK (no "kty")`;
    if (typeof jwk.d !== 'string') return `${variable}: is a public key; give the private JWK`;
  } catch {
    return `${variable}: is not JSON (expected a private JWK)`;
  }
  return null;
}

/**
 * The HelseID configuration from `env`, or null when none of its variables is set; `problems`
 * gets one line per mistake (the caller throws them together with the rest).
 */
export function helseIdConfigFrom(
  env: Record<string, string | undefined>,
  publicUrl: string,
  problems: string[],
): HelseIdConfig | null {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const present = VARIABLES.filter((name) => value(name) !== undefined);
  const optional = ['HELSEID_REDIRECT_URL', 'HELSEID_SCOPES', 'HELSEID_POST_LOGOUT_REDIRECT_URL'].filter(
    (name) => value(name) !== undefined,
  );
  if (present.length === 0 && optional.length === 0) return null;
  const before = problems.length;
  for (const name of VARIABLES) {
    if (value(name) === undefined)
      problems.push(`${name}: needs to be set to use HelseID (set all of ${VARIABLES.join(', ')})`);
  }
  const issuer = value('HELSEID_ISSUER');
  if (issuer !== undefined && !isAllowedIssuer(issuer)) {
    problems.push('HELSEID_ISSUER: must be an https:// URL (http:// only for a provider on this machine)');
  }
  const keyFile = value('HELSEID_PRIVATE_KEY_FILE');
  const keyProblem = keyFile === undefined ? null : keyFileProblem(keyFile);
  if (keyProblem !== null) problems.push(keyProblem);
  const redirectUrl = value('HELSEID_REDIRECT_URL') ?? `${publicUrl}/api/auth/helseid/callback`;
  if (!isHttpUrl(redirectUrl)) problems.push('HELSEID_REDIRECT_URL: must be an http(s) URL');
  const postLogoutRedirectUrl = value('HELSEID_POST_LOGOUT_REDIRECT_URL') ?? `${publicUrl}/login`;
  if (!isHttpUrl(postLogoutRedirectUrl)) problems.push('HELSEID_POST_LOGOUT_REDIRECT_URL: must be an http(s) URL');
  const scopes = (value('HELSEID_SCOPES') ?? DEFAULT_HELSEID_SCOPES.join(' ')).split(/[\s,]+/).filter((s) => s !== '');
  if (!scopes.includes('openid')) problems.push('HELSEID_SCOPES: must include openid');
  if (problems.length > before || issuer === undefined || keyFile === undefined) return null;
  return Object.freeze({
    issuer: issuer.replace(/\/+$/, ''),
    clientId: value('HELSEID_CLIENT_ID') ?? '',
    privateKeyFile: keyFile,
    redirectUrl,
    postLogoutRedirectUrl,
    scopes: Object.freeze(scopes),
  });
}
