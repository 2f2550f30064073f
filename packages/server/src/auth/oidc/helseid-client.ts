/** The HelseID relying party of this installation, built from the configuration (null without it). */
import type { Config } from '../../config/config.ts';
import { loadClientKey } from './client-key.ts';
import { OidcClient, type OidcClientDeps } from './OidcClient.ts';

/** Reads the private key file and makes the client; HelseID's profile: DPoP, userinfo for HPR details. */
export async function createHelseIdClient(config: Config, deps: OidcClientDeps = {}): Promise<OidcClient | null> {
  const helseId = config.helseId;
  if (helseId === null) return null;
  return new OidcClient(
    {
      issuer: helseId.issuer,
      clientId: helseId.clientId,
      clientKey: await loadClientKey(helseId.privateKeyFile),
      redirectUri: helseId.redirectUrl,
      postLogoutRedirectUri: helseId.postLogoutRedirectUrl,
      scopes: helseId.scopes,
      isDPoP: true,
      isUserInfoFetched: true,
    },
    deps,
  );
}
