/** The ID-porten relying party of this installation, built from the configuration (null without it). */
import type { Config } from '../../config/config.ts';
import { loadClientKey } from './client-key.ts';
import { OidcClient, type OidcClientDeps } from './OidcClient.ts';

/**
 * Reads the private key file and makes the client: PAR, PKCE S256 and private_key_jwt as for
 * HelseID; no DPoP and no userinfo (ID-porten's userinfo adds nothing beyond `pid`, and no
 * access token is used). The level (`acr_values`, the accepted `acr`) is set per login from the
 * call's policy.
 */
export async function createIdportenClient(config: Config, deps: OidcClientDeps = {}): Promise<OidcClient | null> {
  const idporten = config.idporten;
  if (idporten === null) return null;
  return new OidcClient(
    {
      issuer: idporten.issuer,
      clientId: idporten.clientId,
      clientKey: await loadClientKey(idporten.privateKeyFile),
      redirectUri: idporten.redirectUrl,
      scopes: idporten.scopes,
      isDPoP: false,
      isUserInfoFetched: false,
    },
    deps,
  );
}
