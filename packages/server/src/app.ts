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
import type { OidcClientDeps } from './auth/oidc/OidcClient.ts';
import { userRoutes } from './http/users.ts';
import { consultationRoutes } from './http/consultations.ts';
import { meetingRoutes } from './http/meetings.ts';
import { invitationRoutes } from './http/invitations.ts';
import { auditRoutes } from './http/audit.ts';
import { appointmentRoutes } from './http/appointments.ts';
import { createScheduling } from './scheduling/create-scheduling.ts';
import type { MailTransport } from './notify/mail-transport.ts';
import { publishDashboardChanged } from './application/channels.ts';
import { notFoundPage, webRoutes } from './http/web.ts';

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
  /** Tests: watch or change what the HelseID client sends and receives (openid-client's customFetch). */
  helseId?: OidcClientDeps;
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
  });
  app.addHook('onReady', () => scheduling.start());
  app.addHook('onClose', () => scheduling.close());
  app.decorate('samtale', {
    config,
    storage: deps.storage,
    bus: deps.bus,
    now,
    appointments: scheduling.appointments,
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
  const helseId = await createHelseIdClient(config, deps.helseId);
  await app.register(authRoutes, { limiter: deps.loginRateLimiter ?? new LoginRateLimiter(), helseId });
  await app.register(helseIdRoutes, { client: helseId });
  await app.register(helseIdAdminRoutes, { isConfigured: helseId !== null });
  await app.register(userRoutes);
  await app.register(consultationRoutes);
  await app.register(meetingRoutes);
  await app.register(invitationRoutes, { limiter: linkLimiter });
  await app.register(auditRoutes);
  await app.register(appointmentRoutes);
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
