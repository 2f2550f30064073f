/**
 * `npm run idp`: the local test providers for trying HelseID login and ID-porten identification by hand.
 * Starts both on ports 4010 and 4011 (IDP_HELSEID_PORT, IDP_IDPORTEN_PORT; 0 picks free ones),
 * writes the relying party's private key to .tmp/idp/, registers Samtale at PUBLIC_URL (default
 * http://127.0.0.1:8080) and prints the environment to start Samtale with. Ctrl-C stops them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClientKeyFile } from '../packages/server/test/helpers/idp/client-keys.ts';
import { HELSEID_PERSONS, IDPORTEN_PERSONS } from '../packages/server/test/helpers/idp/persons.ts';
import { TestIdp } from '../packages/server/test/helpers/idp/TestIdp.ts';

const publicUrl = (process.env.PUBLIC_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const dir = path.resolve(import.meta.dirname, '../.tmp/idp');
mkdirSync(dir, { recursive: true, mode: 0o700 });

const helseId = await TestIdp.start({ profile: 'helseid', port: Number(process.env.IDP_HELSEID_PORT ?? 4010) });
const idPorten = await TestIdp.start({ profile: 'idporten', port: Number(process.env.IDP_IDPORTEN_PORT ?? 4011) });
const helseIdKey = await createClientKeyFile(dir, 'helseid-client.jwk.json');
const idPortenKey = await createClientKeyFile(dir, 'idporten-client.jwk.json');
helseId.registerClient({
  clientId: 'samtale-local',
  redirectUris: [`${publicUrl}/api/auth/helseid/callback`],
  postLogoutRedirectUris: [`${publicUrl}/login`],
  jwks: { keys: [helseIdKey.publicJwk] },
});
idPorten.registerClient({
  clientId: 'samtale-local',
  redirectUris: [`${publicUrl}/api/auth/idporten/callback`],
  postLogoutRedirectUris: [`${publicUrl}/`],
  jwks: { keys: [idPortenKey.publicJwk] },
});

const lines = [
  `Test-HelseID is running at ${helseId.issuer}; test ID-porten at ${idPorten.issuer}.`,
  '',
  'Start Samtale in another terminal with:',
  `  PUBLIC_URL=${publicUrl} \\`,
  `  HELSEID_ISSUER=${helseId.issuer} HELSEID_CLIENT_ID=samtale-local \\`,
  `  HELSEID_PRIVATE_KEY_FILE=${helseIdKey.path} \\`,
  `  IDPORTEN_ISSUER=${idPorten.issuer} IDPORTEN_CLIENT_ID=samtale-local \\`,
  `  IDPORTEN_PRIVATE_KEY_FILE=${idPortenKey.path} \\`,
  `  IDENTITY_HMAC_KEY=${randomBytes(32).toString('hex')} npm start`,
  '',
  'Test persons (choose one on the provider’s login page):',
  ...HELSEID_PERSONS.map(
    (p) => `  HelseID  ${p.name}: HPR ${p.hprNumber}, ${p.profession.name}, level ${p.securityLevel}`,
  ),
  ...IDPORTEN_PERSONS.map((p) => `  ID-porten ${p.label}: pid ${p.pid}, ${p.acr}`),
  '',
  'A HelseID person logs in once an admin registers their HPR number or allows provisioning',
  '(PUT /api/admin/helseid/provisioning). A patient is asked for ID-porten where the',
  "consultation's identification policy requires it (PUT /api/admin/identification-policy).",
  'Ctrl-C stops the providers.',
];
process.stdout.write(`${lines.join('\n')}\n`);

const stop = (): void => {
  void Promise.all([helseId.close(), idPorten.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
