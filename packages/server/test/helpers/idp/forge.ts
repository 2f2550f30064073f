/**
 * Tests only: a fetch for the relying party that hands its responses through unchanged, except
 * the token endpoint's ID token, which a test may replace (re-signed with the provider's key, or
 * tampered without), and that can replay a captured DPoP proof.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { CustomFetch } from 'openid-client';

export type IdTokenChange = (idToken: string) => Promise<string>;

/** An ID token with `change` applied to its claims, signed with the provider's `key`. */
export function resigned(key: JWK, change: (claims: JWTPayload) => JWTPayload): IdTokenChange {
  return async (idToken) => {
    const header = decodeProtectedHeader(idToken);
    return new SignJWT(change(decodeJwt(idToken)))
      .setProtectedHeader({ alg: header.alg ?? 'ES256', ...(header.kid ? { kid: header.kid } : {}), typ: 'JWT' })
      .sign(await importJWK(key, header.alg ?? 'ES256'));
  };
}

/** The same token with one claim changed but the old signature: a tampered token. */
export function tampered(change: (claims: JWTPayload) => JWTPayload): IdTokenChange {
  return async (idToken) => {
    const [header = '', , signature = ''] = idToken.split('.');
    const payload = Buffer.from(JSON.stringify(change(decodeJwt(idToken)))).toString('base64url');
    return `${header}.${payload}.${signature}`;
  };
}

export interface ProviderTap {
  readonly fetch: CustomFetch;
  /** Applied to the next token response's ID token (then cleared). */
  changeIdToken: IdTokenChange | null;
  /** The DPoP proofs the relying party sent to the token endpoint, in order. */
  readonly tokenProofs: string[];
  /** Sent instead of the relying party's own proof on the next token request (then cleared). */
  replayProof: string | null;
}

/** A tap on the relying party's requests to the provider. */
export function providerTap(): ProviderTap {
  const tap: ProviderTap = {
    changeIdToken: null,
    tokenProofs: [],
    replayProof: null,
    fetch: async (url, options) => {
      const isToken = new URL(url).pathname.endsWith('/token');
      const headers = new Headers(options.headers);
      if (isToken && tap.replayProof !== null) {
        headers.set('dpop', tap.replayProof);
        tap.replayProof = null;
      }
      if (isToken && headers.has('dpop')) tap.tokenProofs.push(headers.get('dpop') ?? '');
      const response = await fetch(url, { ...options, headers } as RequestInit);
      const change = tap.changeIdToken;
      if (!isToken || change === null || response.status !== 200) return response;
      tap.changeIdToken = null;
      const body = (await response.json()) as { id_token?: string };
      if (body.id_token !== undefined) body.id_token = await change(body.id_token);
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      });
    },
  };
  return tap;
}
