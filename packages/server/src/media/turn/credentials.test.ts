import { describe, expect, it } from 'vitest';
import { turnCredential, turnPassword } from './credentials.ts';

describe('TURN REST API credentials', () => {
  it('computes the password as base64 HMAC-SHA1 (RFC 2202 test case 2)', () => {
    // HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6a…9a7c79 (RFC 2202 §3).
    expect(turnPassword('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });

  it('puts the expiry time before the participant id in the username, as coturn expects', () => {
    const now = Date.UTC(2023, 10, 14, 22, 13, 20); // 1700000000 s
    const c = turnCredential('north-sea-secret-0123', 'p1', 3600, now);
    expect(c).toEqual({ username: '1700003600:p1', credential: '2re4cSJEuM+bbnhKfjmofNnwfUI=', expiresAt: 1700003600 });
  });

  it('gives a later expiry to a credential minted later, so a resumed participant gets a fresh one', () => {
    const first = turnCredential('north-sea-secret-0123', 'p1', 600, 1_700_000_000_000);
    const later = turnCredential('north-sea-secret-0123', 'p1', 600, 1_700_000_900_000);
    expect(later.expiresAt - first.expiresAt).toBe(900);
    expect(later.credential).not.toBe(first.credential);
  });

  it('refuses a participant id with the username separator in it', () => {
    expect(() => turnCredential('north-sea-secret-0123', 'a:b', 600)).toThrow(TypeError);
  });
});
