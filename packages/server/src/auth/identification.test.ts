/** Deriving identification from logins, and the keyed hash of national identity numbers (issue 8). */
import { describe, expect, it } from 'vitest';
import { identificationOfLogin } from './identification.ts';
import { expectedPatientMatch, IdentityHasher } from './IdentityHasher.ts';

describe('identification of a member', () => {
  it('follows how the login session was made', () => {
    expect(identificationOfLogin({ method: 'password' })).toEqual({ kind: 'local-account', hasPasskey: false });
    expect(identificationOfLogin({ method: 'passkey' })).toEqual({ kind: 'local-account', hasPasskey: true });
    expect(
      identificationOfLogin({ method: 'helseid', securityLevel: 4, hprNumber: '123456789', profession: 'Lege' }),
    ).toEqual({ kind: 'helseid', securityLevel: 4, isHealthPersonnel: true, profession: 'Lege' });
  });

  it('never passes the HPR number on', () => {
    const i = identificationOfLogin({ method: 'helseid', securityLevel: 3, hprNumber: '987654321' });
    expect(JSON.stringify(i)).not.toContain('987654321');
    expect(identificationOfLogin({ method: 'helseid', securityLevel: 4 })).toMatchObject({ isHealthPersonnel: false });
  });
});

describe('expected patient', () => {
  const hasher = new IdentityHasher(Buffer.alloc(32, 7));

  it('matches the same number, not another, and says none when nobody is expected', () => {
    const expected = { expectedPatientHmac: hasher.hmac('15076500565') };
    expect(expectedPatientMatch(expected, hasher.hmac('15076500565'))).toBe('match');
    expect(expectedPatientMatch(expected, hasher.hmac('41018036736'))).toBe('mismatch');
    expect(expectedPatientMatch({ expectedPatientHmac: null }, hasher.hmac('15076500565'))).toBe('none');
    expect(expectedPatientMatch(expected, '')).toBe('mismatch');
  });

  it('depends on the key, so the hash of a number cannot be looked up without it', () => {
    const other = new IdentityHasher(Buffer.alloc(32, 8));
    expect(other.hmac('15076500565')).not.toBe(hasher.hmac('15076500565'));
    expect(hasher.hmac('15076500565')).toMatch(/^[0-9a-f]{64}$/);
  });
});
