/**
 * What a HelseID login says about the person (IDENTITY.md "Claims"): HPR number, security level,
 * pid pseudonym, name, network from the ID token; the profession from userinfo's HPR details.
 */
import type { IDToken, UserInfoResponse } from 'openid-client';
import type { LoginMethod } from '@samtale/protocol';
import { AppError } from '../../errors.ts';

export interface HelseIdIdentity {
  readonly name: string;
  readonly hprNumber: string | undefined;
  readonly securityLevel: number;
  readonly pidPseudonym: string;
  readonly network: string | undefined;
  /** The profession's name (from the HPR code) where the HPR details say so. */
  readonly profession: string | undefined;
}

const CLAIM = {
  hprNumber: 'helseid://claims/hpr/hpr_number',
  hprDetails: 'helseid://claims/hpr/hpr_details',
  securityLevel: 'helseid://claims/identity/security_level',
  pidPseudonym: 'helseid://claims/identity/pid_pseudonym',
  network: 'helseid://claims/identity/network',
} as const;

/** HPR profession codes (kodeverk 9060) most often seen in consultations, by name. */
const PROFESSIONS: Record<string, string> = {
  LE: 'Lege',
  SP: 'Sykepleier',
  PS: 'Psykolog',
  FT: 'Fysioterapeut',
  JO: 'Jordmor',
  TL: 'Tannlege',
  HF: 'Helsefagarbeider',
  ET: 'Ergoterapeut',
  KI: 'Kiropraktor',
  FA1: 'Farmasøyt',
  VP: 'Vernepleier',
  AU: 'Audiograf',
  KE: 'Klinisk ernæringsfysiolog',
  OA: 'Ortopediingeniør',
  OP: 'Optiker',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function professionOf(userinfo: UserInfoResponse | null): string | undefined {
  const details = userinfo?.[CLAIM.hprDetails];
  const parsed: unknown = typeof details === 'string' ? safeJson(details) : details;
  const approvals = (parsed as { approvals?: unknown } | undefined)?.approvals;
  if (!Array.isArray(approvals)) return undefined;
  const code = text((approvals[0] as { profession?: unknown } | undefined)?.profession);
  return code === undefined ? undefined : (PROFESSIONS[code] ?? code).slice(0, 80);
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The identity in a verified HelseID login; a login without level or pseudonym is refused. */
export function helseIdIdentityOf(claims: IDToken, userinfo: UserInfoResponse | null): HelseIdIdentity {
  const level = Number(claims[CLAIM.securityLevel]);
  const pidPseudonym = text(claims[CLAIM.pidPseudonym]);
  if (!Number.isInteger(level) || level < 1 || level > 4 || pidPseudonym === undefined) {
    throw new AppError('OIDC_TOKEN_INVALID');
  }
  const hpr = text(claims[CLAIM.hprNumber]);
  return {
    name: (text(claims.name) ?? 'HelseID').slice(0, 200),
    hprNumber: hpr !== undefined && /^[0-9]{1,9}$/.test(hpr) ? hpr : undefined,
    securityLevel: level,
    pidPseudonym,
    network: text(claims[CLAIM.network]),
    profession: professionOf(userinfo),
  };
}

/** The session's login method (team contract: protocol's LoginMethod). */
export function helseIdLoginMethod(identity: HelseIdIdentity): LoginMethod {
  return {
    method: 'helseid',
    securityLevel: identity.securityLevel,
    ...(identity.hprNumber === undefined ? {} : { hprNumber: identity.hprNumber }),
    ...(identity.profession === undefined ? {} : { profession: identity.profession }),
  };
}
