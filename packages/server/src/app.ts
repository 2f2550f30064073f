/**
 * buildApp: the whole HTTP and WebSocket service as a Fastify instance, not listening — tests
 * call `inject()` or listen on port 0; main.ts listens.
 */
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Config } from './config/config.ts';
import type { Storage } from './storage/types.ts';
import type { Bus } from './cluster/Bus.ts';
import { signalingPlugin } from './signaling/plugin.ts';
import type { SfuAdapter } from './media/sfu/SfuAdapter.ts';
import type { SupervisorLog } from './media/sfu/janus/JanusSupervisor.ts';
import { loggerOptions } from './log.ts';
import './http/context.ts';
import { answerFrameworkError, registerErrorHandlers } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { LoginRateLimiter } from './http/LoginRateLimiter.ts';
import { linkAttemptLimiterFor, type LinkAttemptLimiter } from './auth/LinkAttemptLimiter.ts';
import { healthRoutes } from './http/health.ts';
import { setupRoutes } from './http/setup.ts';
import { authRoutes } from './http/auth.ts';
import { helseIdRoutes } from './http/helseid.ts';
import { helseIdAdminRoutes } from './http/helseid-admin.ts';
import { createHelseIdClient } from './auth/oidc/helseid-client.ts';
import { createIdportenClient } from './auth/oidc/idporten-client.ts';
import { idportenRoutes } from './http/idporten.ts';
import type { OidcClientDeps } from './auth/oidc/OidcClient.ts';
import { userRoutes } from './http/users.ts';
import { passkeyLoginRoutes } from './http/passkey-login.ts';
import { passkeyRoutes } from './http/passkeys.ts';
import { userCredentialRoutes } from './http/user-credentials.ts';
import { messageTemplateRoutes } from './http/message-templates.ts';
import { reminderOffsetRoutes } from './http/reminder-offsets.ts';
import { consultationRoutes } from './http/consultations.ts';
import { meetingRoutes } from './http/meetings.ts';
import { invitationRoutes } from './http/invitations.ts';
import { auditRoutes } from './http/audit.ts';
import { appointmentRoutes } from './http/appointments.ts';
import { consentRoutes } from './http/consent.ts';
import { identificationPolicyRoutes } from './http/identification-policy.ts';
import { equipmentTestRoutes } from './http/equipment-test.ts';
import type { PerAddressLimiter } from './auth/PerAddressLimiter.ts';
import { journalRoutes } from './http/journal.ts';
import { createScheduling } from './scheduling/create-scheduling.ts';
import type { SmsGateway } from './notify/sms/sms-gateway.ts';
import type { MailTransport } from './notify/mail-transport.ts';
import { publishDashboardChanged } from './application/channels.ts';
import { notFoundPage, webRoutes } from './http/web.ts';
import { adminRetentionRoutes } from './http/admin-retention.ts';
import { PurgeJob } from './retention/PurgeJob.ts';
import { retentionDefaults } from './retention/defaults.ts';
import { loadIdentityHasher, type IdentityHasher } from './auth/IdentityHasher.ts';

/** Largest HTTP body accepted (the protocol's bodies are all small). */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDeps {
  storage: Storage;
  bus: Bus;
  /** Clock; tests inject one to move time. */
  now?: () => Date;
  /** false: no logging; an object: pino options merged over ours (e.g. a `stream` to capture logs). */
  logger?: boolean | object;
  /** Lets main.ts hand in a server that already listens (to learn the real port before building). */
  serverFactory?: FastifyServerFactory;
  /** How long someone waiting may stay disconnected before they count as gone (default 30 s). */
  waitingGraceMs?: number;
  /** Brake on guessing links (inspect and join); one from `config.links` by default. */
  linkAttemptLimiter?: LinkAttemptLimiter;
  /** Failed-login counter; a fresh one per app by default. */
  loginRateLimiter?: LoginRateLimiter;
  /**
   * The SFU for meetings, or a factory that makes it with the app's logger (main.ts passes
   * `createSfu`). Absent or null: meetings admit people but have no media (SFU_UNAVAILABLE).
   * The app closes it when it closes.
   */
  sfu?: SfuAdapter | null | ((log: SupervisorLog) => Promise<SfuAdapter | null>);
  /** How e-mail leaves (default: SMTP_URL, or the log transport without it). The app closes it. */
  mail?: MailTransport;
  /** false: no purge at start and on the timer (tests that count stored rows over time). */
  isPurgeJobStarted?: boolean;
  /** Keyed hashes of national identity numbers; from IDENTITY_HMAC_KEY or the data folder by default. */
  identityHasher?: IdentityHasher;
  /** Brake on the equipment test's TURN credentials (issue 9); a fresh default one per app. */
  equipmentTestLimiter?: PerAddressLimiter;
  /** How SMS leaves (default: SMS_PROVIDER). */
  sms?: SmsGateway;
  /** false: the job queue runs only when `samtale.jobs.runDue()` is called (tests move their clock). */
  isPollingJobs?: boolean;
  /** Tests: watch or change what the HelseID client sends and receives (openid-client's customFetch). */
  helseId?: OidcClientDeps;
  /** Tests: the same for the ID-porten client. */
  idporten?: OidcClientDeps;
}

function loggerSetting(config: Config, logger: AppDeps['logger']): boolean | object {
  if (logger === false) return false;
  return { ...loggerOptions(config), ...(typeof logger === 'object' ? logger : {}) };
}

/** Builds the service (routes, security headers, error handling, signaling) without listening. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: loggerSetting(config, deps.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // Request ids in logs without echoing anything the client sent.
    requestIdHeader: false,
    frameworkErrors: answerFrameworkError,
    // Behind the proxies named in TRUST_PROXY, `request.ip` and `request.protocol` are the client's.
    ...(config.trustProxy.length > 0 ? { trustProxy: [...config.trustProxy] } : {}),
    ...(deps.serverFactory ? { serverFactory: deps.serverFactory } : {}),
  });

  const scheduling = createScheduling(config, {
    storage: deps.storage,
    now,
    log: app.log,
    changed: (ownerUserId) => publishDashboardChanged(deps.bus, ownerUserId),
    ...(deps.mail === undefined ? {} : { mail: deps.mail }),
    ...(deps.sms === undefined ? {} : { sms: deps.sms }),
    ...(deps.isPollingJobs === undefined ? {} : { isPolling: deps.isPollingJobs }),
  });
  app.addHook('onReady', () => scheduling.start());
  app.addHook('onClose', () => scheduling.close());
  // Retention (issue 8): purges what is past each organisation's periods, at start and on a timer.
  const purgeJob = new PurgeJob({
    purge: (isDryRun) =>
      deps.storage.retention.purge({
        at: now(),
        defaults: retentionDefaults(config),
        jobRetentionDays: config.jobRetentionDays,
        isDryRun,
      }),
    everyMs: config.purgeIntervalMinutes * 60_000,
    log: app.log,
  });
  if (deps.isPurgeJobStarted !== false) app.addHook('onReady', () => purgeJob.start());
  app.addHook('onClose', () => purgeJob.close());
  app.decorate('samtale', {
    config,
    storage: deps.storage,
    bus: deps.bus,
    now,
    appointments: scheduling.appointments,
    identityHasher: deps.identityHasher ?? (await loadIdentityHasher(config)),
    jobs: scheduling.jobs,
  });
  app.decorateRequest('auth', null);

  // Only JSON bodies are accepted: removing the text parser also refuses the content types a
  // cross-site form can send. An empty JSON body reads as "no body" (bodiless POSTs).
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    // Fastify's default parser is callback-style; its type also allows a promise.
    const result = parseJson(request, text, done);
    if (result instanceof Promise)
      result.then(
        (value: unknown) => done(null, value),
        (err: Error) => done(err),
      );
  });

  // One per app: inspecting a link and joining with it draw on the same per-address allowance.
  const linkLimiter = deps.linkAttemptLimiter ?? linkAttemptLimiterFor(config);
  registerErrorHandlers(app, { notFoundPage: notFoundPage(config.webDistDir) });
  registerSecurityHeaders(app, config);
  await app.register(fastifyCookie);

  await app.register(healthRoutes);
  await app.register(setupRoutes);
  // One limiter for password and passkey attempts (issue 8).
  const loginLimiter = deps.loginRateLimiter ?? new LoginRateLimiter();
  await app.register(passkeyLoginRoutes, { limiter: loginLimiter });
  const helseId = await createHelseIdClient(config, deps.helseId);
  await app.register(authRoutes, { limiter: loginLimiter, helseId });
  await app.register(helseIdRoutes, { client: helseId });
  await app.register(helseIdAdminRoutes, {
    isConfigured: helseId !== null,
    issuer: config.helseId?.issuer ?? null,
    clientId: config.helseId?.clientId ?? null,
  });
  await app.register(userRoutes);
  await app.register(passkeyRoutes);
  await app.register(userCredentialRoutes);
  await app.register(messageTemplateRoutes);
  await app.register(reminderOffsetRoutes);
  await app.register(consultationRoutes);
  await app.register(meetingRoutes);
  await app.register(invitationRoutes, { limiter: linkLimiter });
  await app.register(idportenRoutes, { client: await createIdportenClient(config, deps.idporten), limiter: linkLimiter });
  await app.register(auditRoutes);
  await app.register(appointmentRoutes);
  await app.register(adminRetentionRoutes);
  await app.register(consentRoutes);
  await app.register(identificationPolicyRoutes);
  await app.register(equipmentTestRoutes, {
    linkLimiter,
    ...(deps.equipmentTestLimiter ? { limiter: deps.equipmentTestLimiter } : {}),
  });
  await app.register(journalRoutes);
  const sfu = typeof deps.sfu === 'function' ? await deps.sfu(app.log) : (deps.sfu ?? null);
  app.addHook('onClose', async () => {
    await sfu?.close();
  });
  await app.register(signalingPlugin, {
    config,
    storage: deps.storage,
    bus: deps.bus,
    now,
    sfu,
    linkLimiter,
    dashboardAppointments: (ownerUserId) => scheduling.appointments.forDashboard(ownerUserId),
    ...(deps.waitingGraceMs === undefined ? {} : { waitingGraceMs: deps.waitingGraceMs }),
  });
  await app.register(webRoutes);
  return app;
}
