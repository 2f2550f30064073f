/**
 * The one-time token that lets the first administrator be created. The server prints it (in a
 * URL fragment, so it never reaches a server log) when no admin exists; only its hash is stored.
 */
import type { Storage } from '../storage/types.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';

export const SETUP_TOKEN_SETTING = 'setup_token_sha256';

/** Creates a fresh setup token (replacing any earlier one) and returns it. */
export async function issueSetupToken(storage: Storage): Promise<string> {
  const token = randomToken(32);
  await storage.settings.set(SETUP_TOKEN_SETTING, sha256Hex(token));
  return token;
}
