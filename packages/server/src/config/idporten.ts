/**
 * ID-porten's part of the configuration (issue 8): all of it or none. Patients identify with it
 * before the waiting room where a call's policy asks for it. The values are Digdir's
 * (IDENTITY.md: test issuer https://test.idporten.no) but come from the environment.
 */
import { isAllowedIssuer, isHttpUrl, keyFileProblem } from './helseid.ts';

export interface IdportenConfig {
  /** e.g. https://test.idporten.no (a loopback http issuer is accepted for the local test provider). */
  readonly issuer: string;
  readonly clientId: string;
  /** The private JWK file for private_key_jwt (its public half is registered with Digdir). */
  readonly privateKeyFile: string;
  /** Registered with Digdir: `${PUBLIC_URL}/api/auth/idporten/callback` by default. */
  readonly redirectUrl: string;
  readonly scopes: readonly string[];
}

/** `openid profile`: ID-porten's ID token then carries `pid` (IDENTITY.md). */
export const DEFAULT_IDPORTEN_SCOPES = ['openid', 'profile'] as const;

const VARIABLES = ['IDPORTEN_ISSUER', 'IDPORTEN_CLIENT_ID', 'IDPORTEN_PRIVATE_KEY_FILE'] as const;
const OPTIONAL = ['IDPORTEN_REDIRECT_URL', 'IDPORTEN_SCOPES'] as const;

/**
 * The ID-porten configuration from `env`, or null when none of its variables is set; `problems`
 * gets one line per mistake (the caller throws them together with the rest).
 */
export function idportenConfigFrom(
  env: Record<string, string | undefined>,
  publicUrl: string,
  problems: string[],
): IdportenConfig | null {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  if ([...VARIABLES, ...OPTIONAL].every((name) => value(name) === undefined)) return null;
  const before = problems.length;
  for (const name of VARIABLES) {
    if (value(name) === undefined)
      problems.push(`${name}: needs to be set to use ID-porten (set all of ${VARIABLES.join(', ')})`);
  }
  const issuer = value('IDPORTEN_ISSUER');
  if (issuer !== undefined && !isAllowedIssuer(issuer)) {
    problems.push('IDPORTEN_ISSUER: must be an https:// URL (http:// only for a provider on this machine)');
  }
  const keyFile = value('IDPORTEN_PRIVATE_KEY_FILE');
  const keyProblem = keyFile === undefined ? null : keyFileProblem(keyFile, 'IDPORTEN_PRIVATE_KEY_FILE');
  if (keyProblem !== null) problems.push(keyProblem);
  const redirectUrl = value('IDPORTEN_REDIRECT_URL') ?? `${publicUrl}/api/auth/idporten/callback`;
  if (!isHttpUrl(redirectUrl)) problems.push('IDPORTEN_REDIRECT_URL: must be an http(s) URL');
  const scopes = (value('IDPORTEN_SCOPES') ?? DEFAULT_IDPORTEN_SCOPES.join(' '))
    .split(/[\s,]+/)
    .filter((s) => s !== '');
  if (!scopes.includes('openid')) problems.push('IDPORTEN_SCOPES: must include openid');
  if (problems.length > before || issuer === undefined || keyFile === undefined) return null;
  return Object.freeze({
    issuer: issuer.replace(/\/+$/, ''),
    clientId: value('IDPORTEN_CLIENT_ID') ?? '',
    privateKeyFile: keyFile,
    redirectUrl,
    scopes: Object.freeze(scopes),
  });
}
