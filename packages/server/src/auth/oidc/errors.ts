/**
 * openid-client's failures as the catalogue's codes. What the provider refused (an error in the
 * callback, `invalid_grant` for a used code, `invalid_dpop_proof` for a replay) is
 * OIDC_LOGIN_REFUSED; an answer that fails validation (signature, iss, aud, nonce, exp) is
 * OIDC_TOKEN_INVALID; a provider we cannot reach is OIDC_PROVIDER_UNAVAILABLE.
 */
import * as client from 'openid-client';
import { AppError } from '../../errors.ts';

/** The coded error for a failure of openid-client (or of the network under it). */
export function oidcAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
    return new AppError('OIDC_LOGIN_REFUSED', { cause: err });
  }
  if (err instanceof client.WWWAuthenticateChallengeError) {
    return new AppError('OIDC_LOGIN_REFUSED', { cause: err });
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) {
    return new AppError('OIDC_PROVIDER_UNAVAILABLE', { cause: err });
  }
  if (err instanceof client.ClientError && err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return new AppError('OIDC_LOGIN_REFUSED', { cause: err });
  }
  return new AppError('OIDC_TOKEN_INVALID', { cause: err });
}

/** A short, non-personal description of `err` for the log: its kind and code, never claims. */
export function describeOidcFailure(err: unknown): Record<string, string> {
  const cause = err instanceof AppError ? err.cause : err;
  const out: Record<string, string> = { code: err instanceof AppError ? err.code : 'UNKNOWN' };
  if (cause instanceof Error) {
    out.type = cause.name;
    const libraryCode = (cause as { code?: unknown }).code;
    if (typeof libraryCode === 'string') out.libraryCode = libraryCode;
    const oauthError = (cause as { error?: unknown }).error;
    if (typeof oauthError === 'string') out.oauthError = oauthError;
  }
  return out;
}
