/** The production coturn template (deploy/coturn/turnserver.conf) keeps its safety settings. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const file = path.resolve(import.meta.dirname, '../../../../../deploy/coturn/turnserver.conf');
/** Active lines only: comments and blank lines removed. */
const lines = readFileSync(file, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('the production coturn configuration', () => {
  it('never relays to loopback peers (that is for `npm run turn` on one machine only)', () => {
    expect(lines).not.toContain('allow-loopback-peers');
    expect(lines).toContain('denied-peer-ip=127.0.0.0-127.255.255.255');
    expect(lines).toContain('denied-peer-ip=::1');
  });

  it('refuses relaying into private networks, so TURN cannot be used to reach internal services', () => {
    for (const range of [
      '10.0.0.0-10.255.255.255',
      '172.16.0.0-172.31.255.255',
      '192.168.0.0-192.168.255.255',
      '169.254.0.0-169.254.255.255',
      'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]) {
      expect(lines).toContain(`denied-peer-ip=${range}`);
    }
  });

  it('uses the TURN REST API secret the server mints credentials with, and offers TLS on 443', () => {
    expect(lines).toEqual(expect.arrayContaining(['use-auth-secret', 'static-auth-secret=<secret>']));
    expect(lines).toContain('tls-listening-port=443');
    expect(lines.some((l) => l.startsWith('cert='))).toBe(true);
    expect(lines.some((l) => l.startsWith('pkey='))).toBe(true);
    expect(lines.some((l) => l.startsWith('realm='))).toBe(true);
  });
});
