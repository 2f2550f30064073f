/**
 * The OIDC relying-party core against a real provider (oidc-provider) configured like HelseID
 * (FAPI 2.0: PAR, PKCE, private_key_jwt, DPoP with nonces) and like ID-porten (acr, pid, pairwise sub).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { AppError } from '../src/errors.ts';
import { OidcClient } from '../src/auth/oidc/OidcClient.ts';
import { providerTap, resigned } from './helpers/idp/forge.ts';
import { IdpBrowser } from './helpers/idp/IdpBrowser.ts';
import { startIdpFixture, type IdpFixture } from './helpers/idp/rp-fixture.ts';

describe('OIDC core with the HelseID profile', () => {
  let fx: IdpFixture;
  beforeAll(async () => {
    fx = await startIdpFixture('helseid');
  });
  afterAll(async () => {
    await fx.close();
  });

  it('logs a level-4 clinician in through PAR and DPoP and returns the HPR number, level and profession', async () => {
    const rp = new OidcClient(await fx.settings());
    const { url, pending } = await rp.beginLogin();
    // After PAR the browser carries only client_id and request_uri (HelseID's PAR profile).
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const callback = await new IdpBrowser().login(url, fx.redirectUri, 'helseid-kari');
    const login = await rp.completeLogin(pending, callback);
    expect(login.claims['helseid://claims/hpr/hpr_number']).toBe('565505933');
    expect(login.claims['helseid://claims/identity/security_level']).toBe('4');
    expect(login.userinfo?.['helseid://claims/hpr/hpr_details']).toMatchObject({
      approvals: [{ profession: 'LE' }],
    });
  });

  it('is refused by the provider when the authorization request does not go through PAR', async () => {
    const rp = new OidcClient(await fx.settings());
    const config = await rp.configuration();
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      dpopKey: null,
    };
    // Everything a login needs, but in the browser's URL instead of pushed first.
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: fx.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    const page = await new IdpBrowser().open(url, fx.redirectUri);
    // The provider answers at once, before any login page: back to the client with the error.
    if (!('callback' in page)) throw new TypeError(`the provider showed a page (${page.status})`);
    expect(page.callback.searchParams.get('error')).toBe('invalid_request');
    expect(page.callback.searchParams.get('error_description')).toMatch(/pushed authorization request/i);
    expect(page.callback.searchParams.has('code')).toBe(false);
    await expect(rp.completeLogin(pending, page.callback)).rejects.toMatchObject({ code: 'OIDC_LOGIN_REFUSED' });
  });
});

describe('OIDC core with the ID-porten profile', () => {
  let fx: IdpFixture;
  beforeAll(async () => {
    fx = await startIdpFixture('idporten');
  });
  afterAll(async () => {
    await fx.close();
  });

  it('accepts a patient at level high and returns the pid with a pairwise sub', async () => {
    const rp = new OidcClient(await fx.settings());
    const { url, pending } = await rp.beginLogin();
    const callback = await new IdpBrowser().login(url, fx.redirectUri, 'idporten-hoy');
    const login = await rp.completeLogin(pending, callback);
    expect(login.claims.acr).toBe('idporten-loa-high');
    expect(login.claims.pid).toBe('01817299926');
    expect(login.claims.sub).not.toBe('idporten-hoy');
  });

  it('refuses a login at level substantial when high is required (OIDC_ACR_INSUFFICIENT)', async () => {
    const rp = new OidcClient(await fx.settings());
    const { url, pending } = await rp.beginLogin();
    const callback = await new IdpBrowser().login(url, fx.redirectUri, 'idporten-betydelig');
    await expect(rp.completeLogin(pending, callback)).rejects.toMatchObject({ code: 'OIDC_ACR_INSUFFICIENT' });
  });

  it('refuses an ID token whose acr is not one ID-porten has, though the provider signed it', async () => {
    const tap = providerTap();
    const rp = new OidcClient(await fx.settings({ acceptedAcr: ['idporten-loa-substantial', 'idporten-loa-high'] }), {
      fetch: tap.fetch,
    });
    const { url, pending } = await rp.beginLogin();
    const callback = await new IdpBrowser().login(url, fx.redirectUri, 'idporten-hoy');
    tap.changeIdToken = resigned(fx.idp.signingKey, (c) => ({ ...c, acr: 'Level4' }));
    await expect(rp.completeLogin(pending, callback)).rejects.toMatchObject({ code: 'OIDC_ACR_INSUFFICIENT' });
    expect(tap.changeIdToken).toBeNull();
  });

  it('is refused by the provider when the same authorization code is used twice (invalid_grant)', async () => {
    const rp = new OidcClient(await fx.settings());
    const { url, pending } = await rp.beginLogin();
    const callback = await new IdpBrowser().login(url, fx.redirectUri, 'idporten-hoy');
    await rp.completeLogin(pending, callback);
    const second = await rp.completeLogin(pending, callback).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: 'OIDC_LOGIN_REFUSED' });
    expect((second as AppError).cause).toMatchObject({ error: 'invalid_grant' });
  });
});
