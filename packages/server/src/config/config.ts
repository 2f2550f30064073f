/**
 * Configuration from the environment, validated once at start into a frozen, typed Config.
 * Every problem is reported at once, with the variable's name, so an operator can fix them all.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { IceServer, JOB_RETENTION_BOUNDS } from '@samtale/protocol';
import { helseIdConfigFrom, type HelseIdConfig } from './helseid.ts';
import { idportenConfigFrom, type IdportenConfig } from './idporten.ts';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Origin (and optional path prefix) users reach the service at; links are built from it. */
  readonly publicUrl: string;
  readonly dataDir: string;
  /** PostgreSQL connection string; null selects embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | null;
  /** Most participants admitted at once in a peer-to-peer (mesh) consultation. */
  readonly meshMax: number;
  readonly iceServers: readonly IceServer[];
  /** coturn with the TURN REST API shared secret; null when no TURN server is configured. */
  readonly turn: TurnConfig | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly invitationTtlMinutes: number;
  readonly sessionTtlHours: number;
  /** True when publicUrl is https: cookies get `Secure`. */
  readonly isSecureCookies: boolean;
  /** Folder with the built web app (index.html and assets). */
  readonly webDistDir: string;
  /**
   * Addresses (IPs or CIDR ranges) of reverse proxies whose `X-Forwarded-For`/`-Proto` are
   * believed; empty: none, the TCP peer is the client.
   */
  readonly trustProxy: readonly string[];
  /** Brake on guessing links: unknown tokens one address may try in a window (inspect and join). */
  readonly links: {
    readonly failedAttemptsPerAddress: number;
    readonly attemptWindowSeconds: number;
  };
  readonly signaling: {
    /** Most signaling WebSockets open at once from one client address. */
    readonly maxConnectionsPerAddress: number;
  };
  /** E-mail to patients (issue 9): an SMTP server, or (null) the development log transport. */
  readonly mail: {
    /** SMTP_URL, e.g. `smtps://user:pass@smtp.example.no:465`; null: messages are only logged (no content). */
    readonly smtpUrl: string | null;
    /** MAIL_FROM: the sender, e.g. `Legekontoret <time@legekontoret.no>`. */
    readonly from: string;
  };
  /** SMS to patients (issue 9, ADR 0017): the Sveve gateway, or the development `log` gateway. */
  readonly sms: SmsConfig;
  /** Minutes before an appointment that reminders go out (REMINDER_OFFSETS_MINUTES), latest last. */
  readonly reminderOffsetsMinutes: readonly number[];
  /** IANA time zone the clinic's days and the invitations' times are in (TIME_ZONE). */
  readonly timeZone: string;
  /**
   * Days after an appointment's end (or its cancellation) that the patient's contact is kept
   * (CONTACT_RETENTION_DAYS); then it is erased.
   */
  readonly contactRetentionDays: number;
  /** Minutes between retention purge runs (PURGE_INTERVAL_MINUTES); one also runs at start. */
  readonly purgeIntervalMinutes: number;
  /** Days the purge keeps finished and failed jobs (JOB_RETENTION_DAYS). */
  readonly jobRetentionDays: number;
  /**
   * LOG_CLIENT_IP: write the client's IP address in request logs (for debugging only). Off by
   * default: an address is personal data, and request ids tie log lines together without it.
   */
  readonly logClientIp: boolean;
  /**
   * Key of the keyed hashes of national identity numbers (IDENTITY_HMAC_KEY, at least 32
   * characters); null: a key generated once into `dataDir` (one node only).
   */
  readonly identityHmacKey: string | null;
  /** The SFU for meetings (issue 3): running instances, or a local Janus the server supervises. */
  readonly janus: {
    /** JANUS_URL (comma-separated WebSocket API URLs); empty: start `binary` as a child process. */
    readonly urls: readonly string[];
    /** VideoRoom admin_key of the JANUS_URL instances (needed when they set lock_rtp_forward). */
    readonly adminKey: string | null;
    /** `api_secret` of the JANUS_URL instances (deploy/janus sets one); a supervised Janus makes its own. */
    readonly apiSecret: string | null;
    readonly binary: string;
    readonly rtpPortRange: { readonly min: number; readonly max: number };
  };
  /** HelseID login for clinicians (issue 8); null when not configured. */
  readonly helseId: HelseIdConfig | null;
  /** ID-porten identification of patients (issue 8); null when not configured. */
  readonly idporten: IdportenConfig | null;
}

/** SMS_PROVIDER and its settings. */
export type SmsConfig =
  | { readonly provider: 'log' }
  | {
      readonly provider: 'sveve';
      /** SVEVE_URL: the SendMessage endpoint. */
      readonly url: string;
      readonly user: string;
      readonly password: string;
      /** SVEVE_FROM: the sender shown on the phone (3–11 letters or digits). */
      readonly from: string;
      /** SVEVE_TEST=true: Sveve checks each request but sends nothing. */
      readonly isTest: boolean;
      readonly timeoutMs: number;
    };

export interface TurnConfig {
  /** Shared secret of coturn's `static-auth-secret`; never leaves the server. */
  readonly secret: string;
  /** `turn:`/`turns:` URLs handed to clients, e.g. UDP and TCP on 3478 and TLS on 443. */
  readonly urls: readonly string[];
  /** Lifetime of the credentials minted for each participant. */
  readonly ttlSeconds: number;
}

const Port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  PORT: Port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  MESH_MAX: z.coerce.number().int().min(2).max(8).default(4),
  ICE_SERVERS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return [];
      try {
        return z.array(IceServer).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {urls, username?, credential?}' });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INVITATION_TTL_MINUTES: z.coerce.number().int().min(5).max(43_200).default(1440),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  WEB_DIST_DIR: z.string().min(1).optional(),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters (use a long random value)').optional(),
  TURN_URLS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const urls = (s ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      const bad = urls.filter((u) => !/^turns?:[^\s?]+(\?transport=(udp|tcp))?$/.test(u));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not a turn:/turns: URL: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return urls;
    }),
  // Short-lived on purpose (TURN REST API draft): a leaked credential stops working soon.
  JANUS_URL: z
    .string()
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
    )
    .pipe(z.array(z.string().regex(/^wss?:\/\//, 'each URL must start with ws:// or wss://'))),
  JANUS_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  JANUS_API_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JANUS_BINARY: z.string().min(1).default('janus'),
  JANUS_RTP_PORT_RANGE: z
    .string()
    .default('20000-20200')
    .transform((s, ctx) => {
      const m = /^(\d+)-(\d+)$/.exec(s.trim());
      const min = Number(m?.[1]);
      const max = Number(m?.[2]);
      if (m === null || min < 1024 || max > 65535 || min >= max) {
        ctx.addIssue({ code: 'custom', message: 'must be MIN-MAX, e.g. 20000-20200 (1024-65535)' });
        return z.NEVER;
      }
      return { min, max };
    }),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const entries = (s ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      const bad = entries.filter((a) => !isAddressOrRange(a));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return entries;
    }),
  LINK_FAILED_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  LINK_ATTEMPT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address, e.g. "Klinikken <time@klinikken.no>"')
    .optional(),
  SMS_PROVIDER: z.enum(['log', 'sveve']).default('log'),
  SVEVE_URL: z.url({ protocol: /^https?$/ }).default('https://sveve.no/SMS/SendMessage'),
  SVEVE_USER: z.string().trim().min(1).optional(),
  SVEVE_PASSWORD: z.string().min(1).optional(),
  SVEVE_FROM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 ]{3,11}$/, 'must be 3 to 11 letters, digits or spaces (no special characters)')
    .optional(),
  SVEVE_TEST: z.enum(['true', 'false']).default('false'),
  SMS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  REMINDER_OFFSETS_MINUTES: z
    .string()
    .default('1440,15')
    .transform((s, ctx) => {
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      const offsets = parts.map(Number);
      if (parts.length > 5 || offsets.some((n) => !Number.isInteger(n) || n < 1 || n > 43_200)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be up to 5 whole minutes (1-43200), comma-separated, e.g. 1440,15',
        });
        return z.NEVER;
      }
      return [...new Set(offsets)].sort((a, b) => b - a);
    }),
  TIME_ZONE: z.string().default('Europe/Oslo').refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Oslo'),
  CONTACT_RETENTION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  JOB_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(JOB_RETENTION_BOUNDS.min)
    .max(JOB_RETENTION_BOUNDS.max)
    .default(JOB_RETENTION_BOUNDS.default),
  LOG_CLIENT_IP: z
    .enum(['true', 'false', '1', '0'], 'must be true or false')
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  IDENTITY_HMAC_KEY: z.string().min(32, 'must be at least 32 characters (use a long random value)').optional(),
  SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `192.0.2.1`, `10.0.0.0/8`, `2001:db8::/32`: what Fastify's `trustProxy` (proxy-addr) accepts. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Thrown when the environment is invalid; `problems` has one line per variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/** Reads and validates `env` (default: process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const turnProblem = checkTurn(e.TURN_SECRET, e.TURN_URLS);
  if (turnProblem !== null) throw new ConfigError([turnProblem]);
  if (e.SMTP_URL !== undefined && e.MAIL_FROM === undefined) {
    throw new ConfigError(['MAIL_FROM: needs to be set with SMTP_URL (the sender of invitations)']);
  }
  const sms = smsConfig(e);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(
    /\/+$/,
    '',
  );
  const oidcProblems: string[] = [];
  const helseId = helseIdConfigFrom(env, publicUrl, oidcProblems);
  const idporten = idportenConfigFrom(env, publicUrl, oidcProblems);
  if (oidcProblems.length > 0) throw new ConfigError(oidcProblems);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    meshMax: e.MESH_MAX,
    iceServers: Object.freeze(e.ICE_SERVERS),
    turn:
      e.TURN_SECRET === undefined
        ? null
        : Object.freeze({ secret: e.TURN_SECRET, urls: Object.freeze(e.TURN_URLS), ttlSeconds: e.TURN_TTL_SECONDS }),
    logLevel: e.LOG_LEVEL,
    invitationTtlMinutes: e.INVITATION_TTL_MINUTES,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    isSecureCookies: publicUrl.startsWith('https://'),
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? path.join(repoRoot, 'packages/web/dist')),
    trustProxy: Object.freeze(e.TRUST_PROXY),
    links: Object.freeze({
      failedAttemptsPerAddress: e.LINK_FAILED_ATTEMPTS_PER_ADDRESS,
      attemptWindowSeconds: e.LINK_ATTEMPT_WINDOW_SECONDS,
    }),
    mail: Object.freeze({ smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM ?? 'Samtale <samtale@localhost>' }),
    sms,
    reminderOffsetsMinutes: Object.freeze(e.REMINDER_OFFSETS_MINUTES),
    timeZone: e.TIME_ZONE,
    contactRetentionDays: e.CONTACT_RETENTION_DAYS,
    purgeIntervalMinutes: e.PURGE_INTERVAL_MINUTES,
    jobRetentionDays: e.JOB_RETENTION_DAYS,
    logClientIp: e.LOG_CLIENT_IP,
    identityHmacKey: e.IDENTITY_HMAC_KEY ?? null,
    signaling: Object.freeze({ maxConnectionsPerAddress: e.SIGNALING_MAX_CONNECTIONS_PER_ADDRESS }),
    janus: Object.freeze({
      urls: Object.freeze(e.JANUS_URL),
      adminKey: e.JANUS_ADMIN_KEY ?? null,
      apiSecret: e.JANUS_API_SECRET ?? null,
      binary: e.JANUS_BINARY,
      rtpPortRange: Object.freeze(e.JANUS_RTP_PORT_RANGE),
    }),
    helseId,
    idporten,
  });
}

/** TURN needs both the secret and the URLs: one without the other is a mistake, not a choice. */
/** The SMS settings, or ConfigError naming every missing Sveve variable. */
function smsConfig(e: z.infer<typeof EnvSchema>): SmsConfig {
  if (e.SMS_PROVIDER === 'log') return Object.freeze({ provider: 'log' });
  const missing = (['SVEVE_USER', 'SVEVE_PASSWORD', 'SVEVE_FROM'] as const).filter((name) => e[name] === undefined);
  if (
    missing.length > 0 ||
    e.SVEVE_USER === undefined ||
    e.SVEVE_PASSWORD === undefined ||
    e.SVEVE_FROM === undefined
  ) {
    throw new ConfigError(missing.map((name) => `${name}: needs to be set with SMS_PROVIDER=sveve`));
  }
  return Object.freeze({
    provider: 'sveve',
    url: e.SVEVE_URL,
    user: e.SVEVE_USER,
    password: e.SVEVE_PASSWORD,
    from: e.SVEVE_FROM,
    isTest: e.SVEVE_TEST === 'true',
    timeoutMs: e.SMS_TIMEOUT_SECONDS * 1000,
  });
}

function checkTurn(secret: string | undefined, urls: readonly string[]): string | null {
  if (secret === undefined && urls.length > 0) {
    return 'TURN_URLS: needs TURN_SECRET (the static-auth-secret of coturn) to mint credentials';
  }
  if (secret !== undefined && urls.length === 0) {
    return 'TURN_SECRET: needs TURN_URLS (comma-separated turn:/turns: URLs) to tell clients where TURN is';
  }
  return null;
}
