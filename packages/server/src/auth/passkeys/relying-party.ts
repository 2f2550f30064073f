/**
 * The WebAuthn relying party is this service as PUBLIC_URL names it: its host is the RP ID and
 * its origin the only origin an assertion may come from (WebAuthn §5.1.4.1, §7.2 step 9).
 */
import { isIP } from 'node:net';

export interface RelyingParty {
  /** PUBLIC_URL's host name, e.g. `samtale.legekontoret.no` or `localhost`. */
  readonly id: string;
  /** PUBLIC_URL's origin, e.g. `https://samtale.legekontoret.no`. */
  readonly origin: string;
  readonly name: string;
}

/**
 * The relying party for `publicUrl`, or null where passkeys cannot work: browsers refuse an IP
 * address as RP ID, and offer WebAuthn only in a secure context (https, or http on localhost).
 */
export function relyingPartyOf(publicUrl: string): RelyingParty | null {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  const isLocalhost = host === 'localhost' || host.endsWith('.localhost');
  if (url.protocol !== 'https:' && !isLocalhost) return null;
  return Object.freeze({ id: host, origin: url.origin, name: 'Samtale' });
}
