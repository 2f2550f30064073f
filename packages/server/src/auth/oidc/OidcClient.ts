/**
 * One OpenID Connect relying party (HelseID for clinicians, ID-porten for patients) over
 * openid-client v6, a certified FAPI 2.0 client: discovery, PAR, PKCE S256, state and nonce,
 * private_key_jwt, DPoP-bound tokens (with the server's `DPoP-Nonce`, retried by openid-client),
 * and the ID token's checks (iss, aud, exp, nonce, signature; `acr` when a level is required).
 * No JOSE is written here: openid-client signs and verifies.
 */
import { webcrypto } from 'node:crypto';
import * as client from 'openid-client';
import { AppError } from '../../errors.ts';
import type { ClientKey } from './client-key.ts';
import { oidcAppError } from './errors.ts';

export interface OidcClientSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientKey: ClientKey;
  /** Where the provider sends the browser back (registered with the provider). */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** `acr_values` to ask for (ID-porten: `idporten-loa-high`). */
  readonly acrValues?: readonly string[];
  /** The `acr` values the ID token may carry; a login at any other level is refused. Unset: not checked. */
  readonly acceptedAcr?: readonly string[];
  /** Where the provider sends the browser after logging out there. */
  readonly postLogoutRedirectUri?: string;
  /** Ask for DPoP-bound tokens (HelseID: yes). */
  readonly isDPoP: boolean;
  /** Fetch userinfo after the token (HelseID's HPR details are only there). */
  readonly isUserInfoFetched: boolean;
}

export interface OidcClientDeps {
  /** Tests: watch or change what goes to and comes from the provider. */
  readonly fetch?: client.CustomFetch;
  /** Tests: the DPoP key pair of each login (a fresh random one by default). */
  readonly dpopKeyPair?: () => Promise<webcrypto.CryptoKeyPair>;
}

/** What a login needs to remember between the redirect and the callback; kept on the server only. */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The DPoP private key (JWK) the tokens will be bound to; null without DPoP. */
  readonly dpopKey: webcrypto.JsonWebKey | null;
}

/** A verified login. */
export interface OidcLogin {
  readonly claims: client.IDToken;
  readonly userinfo: client.UserInfoResponse | null;
}

const DPOP_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function randomDPoPKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(DPOP_ALGORITHM, true, ['sign', 'verify']);
}

async function importDPoPKeyPair(privateJwk: webcrypto.JsonWebKey): Promise<webcrypto.CryptoKeyPair> {
  const { d: _d, key_ops: _ops, ext: _ext, ...publicJwk } = privateJwk;
  const { key_ops: _privateOps, ext: _privateExt, ...privateOnly } = privateJwk;
  return {
    privateKey: await webcrypto.subtle.importKey('jwk', privateOnly, DPOP_ALGORITHM, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('jwk', publicJwk, DPOP_ALGORITHM, true, ['verify']),
  };
}

/** A loopback issuer (the local test provider) may use http; every other must be https. */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class OidcClient {
  readonly settings: OidcClientSettings;
  readonly #deps: OidcClientDeps;
  #configuration: Promise<client.Configuration> | null = null;

  constructor(settings: OidcClientSettings, deps: OidcClientDeps = {}) {
    this.settings = settings;
    this.#deps = deps;
  }

  /** The provider's metadata, discovered once (again after a failure). */
  async configuration(): Promise<client.Configuration> {
    this.#configuration ??= this.#discover();
    try {
      return await this.#configuration;
    } catch (err) {
      this.#configuration = null;
      throw oidcAppError(err);
    }
  }

  async #discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientKey } = this.settings;
    const issuerUrl = new URL(issuer);
    const auth = client.PrivateKeyJwt(
      { key: clientKey.key, ...(clientKey.kid === undefined ? {} : { kid: clientKey.kid }) },
      {
        // HelseID's client assertions carry this `typ` (IDENTITY.md; RFC 7523bis).
        [client.modifyAssertion]: (header) => {
          header.typ = 'client-authentication+jwt';
        },
      },
    );
    const config = await client.discovery(
      issuerUrl,
      clientId,
      { token_endpoint_auth_signing_alg: clientKey.alg },
      auth,
      {
        ...(isLoopbackHttp(issuerUrl) ? { execute: [client.allowInsecureRequests] } : {}),
        ...(this.#deps.fetch ? { [client.customFetch]: this.#deps.fetch } : {}),
      },
    );
    if (this.#deps.fetch) config[client.customFetch] = this.#deps.fetch;
    // openid-client trusts the token endpoint's TLS by default and does not check the ID token's
    // signature (OIDC Core 3.1.3.7 allows that); we check it: a tampered token must not log anyone in.
    client.enableNonRepudiationChecks(config);
    return config;
  }

  /**
   * Starts a login: pushes the authorization request (PAR) and returns the URL to send the
   * browser to — it carries only `client_id` and `request_uri` — and what to keep until the callback.
   * `acrValues` replaces the settings' for this login (ID-porten: the level the call's policy asks).
   */
  async beginLogin(options: { acrValues?: readonly string[] } = {}): Promise<{ url: URL; pending: PendingLogin }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const acrValues = options.acrValues ?? this.settings.acrValues;
    const keyPair = this.settings.isDPoP ? await (this.#deps.dpopKeyPair ?? randomDPoPKeyPair)() : null;
    const params: Record<string, string> = {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(acrValues?.length ? { acr_values: acrValues.join(' ') } : {}),
    };
    try {
      const url = await client.buildAuthorizationUrlWithPAR(
        config,
        params,
        keyPair ? { DPoP: client.getDPoPHandle(config, keyPair) } : {},
      );
      const dpopKey = keyPair ? await webcrypto.subtle.exportKey('jwk', keyPair.privateKey) : null;
      return { url, pending: { state, nonce, codeVerifier, dpopKey } };
    } catch (err) {
      throw oidcAppError(err);
    }
  }

  /**
   * Completes a login from the callback URL: checks state, exchanges the code (PKCE, DPoP),
   * validates the ID token (signature, iss, aud, exp, nonce) and its `acr` (`acceptedAcr` replaces
   * the settings' for this login), and fetches userinfo.
   */
  async completeLogin(
    pending: PendingLogin,
    callbackUrl: URL,
    options: { acceptedAcr?: readonly string[] } = {},
  ): Promise<OidcLogin> {
    const config = await this.configuration();
    // Checked here too, before anything goes to the provider: another login's callback stops at once.
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new AppError('OIDC_LOGIN_INVALID');
    try {
      const dpop =
        this.settings.isDPoP && pending.dpopKey
          ? client.getDPoPHandle(config, await importDPoPKeyPair(pending.dpopKey))
          : undefined;
      const tokens = await client.authorizationCodeGrant(
        config,
        callbackUrl,
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
        undefined,
        dpop ? { DPoP: dpop } : {},
      );
      const claims = tokens.claims();
      if (claims === undefined) throw new AppError('OIDC_TOKEN_INVALID');
      this.#checkAcr(claims, options.acceptedAcr ?? this.settings.acceptedAcr);
      const userinfo = this.settings.isUserInfoFetched
        ? await client.fetchUserInfo(config, tokens.access_token, claims.sub, dpop ? { DPoP: dpop } : {})
        : null;
      return { claims, userinfo };
    } catch (err) {
      throw oidcAppError(err);
    }
  }

  #checkAcr(claims: client.IDToken, accepted: readonly string[] | undefined): void {
    if (accepted === undefined) return;
    if (typeof claims.acr !== 'string' || !accepted.includes(claims.acr)) throw new AppError('OIDC_ACR_INSUFFICIENT');
  }

  /** The provider's end-session URL (RP-initiated logout), or null when it has none. */
  async endSessionUrl(): Promise<URL | null> {
    const config = await this.configuration();
    if (config.serverMetadata().end_session_endpoint === undefined) return null;
    return client.buildEndSessionUrl(config, {
      ...(this.settings.postLogoutRedirectUri ? { post_logout_redirect_uri: this.settings.postLogoutRedirectUri } : {}),
    });
  }
}
