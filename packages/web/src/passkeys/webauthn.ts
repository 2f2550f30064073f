/**
 * The browser side of the passkey ceremonies, through @simplewebauthn/browser, loaded only when a
 * member starts one (a dynamic import: it never reaches the patient's first page). The server's
 * options and answers go through as JSON; the server checks everything.
 */
import type { PasskeyOptions } from '@samtale/protocol';

type CeremonyOptions = PasskeyOptions['options'];

/** A ceremony that did not finish in the browser: the person cancelled (or timed out), or no WebAuthn here. */
export class PasskeyCeremonyError extends Error {
  readonly reason: 'cancelled' | 'unsupported';
  constructor(reason: 'cancelled' | 'unsupported', options?: ErrorOptions) {
    super(`passkey ceremony ${reason}`, options);
    this.name = 'PasskeyCeremonyError';
    this.reason = reason;
  }
}

/**
 * True when this page can use WebAuthn at all: a secure context with the API, on a host name
 * (browsers refuse an IP address as relying party, so the server answers PASSKEYS_UNAVAILABLE).
 */
export function isWebAuthnAvailable(win: Window = window): boolean {
  const host = win.location.hostname;
  if (/^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[')) return false;
  return (
    win.isSecureContext && typeof (win as Window & { PublicKeyCredential?: unknown }).PublicKeyCredential === 'function'
  );
}

function ceremonyError(error: unknown): unknown {
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return new PasskeyCeremonyError('cancelled', { cause: error });
  }
  if (error instanceof Error && (error.name === 'NotSupportedError' || error.name === 'SecurityError')) {
    return new PasskeyCeremonyError('unsupported', { cause: error });
  }
  return error;
}

/** navigator.credentials.create with the server's registration options; the JSON to send back. */
export async function createPasskey(options: CeremonyOptions): Promise<unknown> {
  if (!isWebAuthnAvailable()) throw new PasskeyCeremonyError('unsupported');
  const { startRegistration } = await import('@simplewebauthn/browser');
  try {
    // The server's options are SimpleWebAuthn's own JSON (PasskeyOptions carries them as is).
    return await startRegistration({
      optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
    });
  } catch (error) {
    throw ceremonyError(error);
  }
}

/** navigator.credentials.get with the server's authentication options; the JSON to send back. */
export async function getPasskey(options: CeremonyOptions): Promise<unknown> {
  if (!isWebAuthnAvailable()) throw new PasskeyCeremonyError('unsupported');
  const { startAuthentication } = await import('@simplewebauthn/browser');
  try {
    return await startAuthentication({ optionsJSON: options });
  } catch (error) {
    throw ceremonyError(error);
  }
}
