/**
 * A real OpenID provider (oidc-provider) on an ephemeral port, configured like HelseID or
 * ID-porten (profiles.ts), with a login page where the tester picks a test person. Used by the
 * server tests, the e2e tests and `npm run idp`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { IdpStore } from './MemoryAdapter.ts';
import { errorPage, loginPage } from './pages.ts';
import { pairwiseSub, profileSettings, type IdpProfile, type LoginChoice } from './profiles.ts';

export interface TestIdpOptions {
  profile: IdpProfile;
  /** 0 (default): an ephemeral port. */
  port?: number;
  host?: string;
}

/** The relying party's registration, as one registers a client with Norsk helsenett or Digdir. */
export interface TestClient {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** The client's public key(s) for private_key_jwt. */
  jwks: { keys: JWK[] };
}

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;

export class TestIdp {
  readonly profile: IdpProfile;
  /** The provider's private signing key: tests forge ID tokens with it (tampering, expiry, wrong aud). */
  readonly signingKey: JWK;
  readonly #provider: Provider;
  readonly #server: Server;
  readonly #store: IdpStore;
  readonly #choices: readonly LoginChoice[];
  readonly #issuer: string;

  private constructor(
    profile: IdpProfile,
    issuer: string,
    server: Server,
    provider: Provider,
    store: IdpStore,
    signingKey: JWK,
  ) {
    this.profile = profile;
    this.#issuer = issuer;
    this.#server = server;
    this.#provider = provider;
    this.#store = store;
    this.signingKey = signingKey;
    this.#choices = profileSettings(profile).choices;
  }

  /** Starts a provider of `profile` and waits until it listens. */
  static async start(options: TestIdpOptions): Promise<TestIdp> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const issuer = `http://${host}:${port}`;
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const signingKey: JWK = {
      ...(await exportJWK(privateKey)),
      kid: `idp-${randomBytes(4).toString('hex')}`,
      alg: 'ES256',
      use: 'sig',
    };
    const store = new IdpStore();
    const provider = new Provider(issuer, configuration(options.profile, store, signingKey));
    const idp = new TestIdp(options.profile, issuer, server, provider, store, signingKey);
    const handler = provider.callback();
    server.on('request', (req, res) => {
      idp.#route(req, res, handler).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(err instanceof Error ? err.message : 'error');
      });
    });
    return idp;
  }

  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  get issuer(): string {
    return this.#issuer;
  }

  /** Registers (or replaces) a relying party. */
  registerClient(client: TestClient): void {
    this.#store.set(`Client:${client.clientId}`, {
      client_id: client.clientId,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      jwks: client.jwks,
      require_pushed_authorization_requests: true,
      ...(this.profile === 'helseid' ? { dpop_bound_access_tokens: true } : { subject_type: 'pairwise' }),
    });
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #route(
    req: IncomingMessage,
    res: ServerResponse,
    handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  ): Promise<void> {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', this.#issuer).pathname);
    if (match === null) {
      await handler(req, res);
      return;
    }
    const details = await this.#provider.interactionDetails(req, res);
    if (match[2] === undefined && req.method === 'GET') {
      send(res, 200, loginPage(this.profile, details.uid, this.#choices));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, errorPage('Method not allowed'));
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const choice = this.#choices.find((c) => c.accountId === form.get('person'));
    if (choice === undefined) {
      send(res, 400, errorPage('Unknown test person'));
      return;
    }
    await this.#provider.interactionFinished(
      req,
      res,
      { login: { accountId: choice.accountId, amr: [...choice.amr], ...(choice.acr ? { acr: choice.acr } : {}) } },
      { mergeWithLastSubmission: false },
    );
  }
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new RangeError('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function requestedScope(ctx: KoaContextWithOIDC): string {
  const scope = ctx.oidc.params?.scope;
  return typeof scope === 'string' ? scope : 'openid';
}

/** HelseID and ID-porten show no consent step: the grant covers what the client asked for. */
async function grantWithoutConsent(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  const accountId = oidc.session?.accountId;
  if (client === undefined || accountId === undefined) return undefined;
  const existing = oidc.session?.grantIdFor(client.clientId);
  if (existing !== undefined) {
    const grant = await oidc.provider.Grant.find(existing);
    if (grant !== undefined) {
      grant.addOIDCScope(requestedScope(ctx));
      await grant.save();
      return grant;
    }
  }
  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId });
  grant.addOIDCScope(requestedScope(ctx));
  await grant.save();
  return grant;
}

/** The pairwise sector: the redirect URIs' host (oidc-provider's `sectorIdentifier`), else the client. */
function sectorOf(client: { clientId: string }): string {
  const sector = (client as { sectorIdentifier?: unknown }).sectorIdentifier;
  return typeof sector === 'string' ? sector : client.clientId;
}

function configuration(profile: IdpProfile, store: IdpStore, signingKey: JWK): Configuration {
  const settings = profileSettings(profile);
  const pairwiseSalt = randomBytes(16).toString('hex');
  return {
    adapter: (model: string) => store.adapterFor(model),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256'],
      idTokenSigningAlgValues: ['ES256'],
      dPoPSigningAlgValues: ['ES256', 'PS256'],
    },
    claims: settings.claims,
    scopes: Object.keys(settings.claims),
    acrValues: [...settings.acrValues],
    // Claims of the granted scopes go into the ID token (as HelseID and ID-porten do), not only userinfo.
    conformIdTokenClaims: false,
    findAccount: settings.findAccount,
    subjectTypes: [settings.subjectType],
    pairwiseIdentifier: async (_ctx, accountId, client) => pairwiseSub(accountId, sectorOf(client), pairwiseSalt),
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: grantWithoutConsent,
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      PushedAuthorizationRequest: 60,
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => settings.isDPoPNonceRequired,
        allowReplay: false,
      },
      ...(settings.isFapi2 ? { fapi: { enabled: true, profile: '2.0' } } : {}),
      rpInitiatedLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`);
    },
  };
}
