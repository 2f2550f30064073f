/**
 * The OIDC relying-party core against a real provider (oidc-provider) configured like HelseID
 * (FAPI 2.0: PAR, PKCE, private_key_jwt, DPoP with nonces) and like ID-porten (acr, pid, pairwise sub).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcClient } from '../src/auth/oidc/OidcClient.ts';
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
    expect(login.claims.pid).toBe('01817299942');
    expect(login.claims.sub).not.toBe('idporten-hoy');
  });
});
