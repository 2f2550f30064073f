import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('signaling limits and proxies in the configuration', () => {
  it('caps signaling sockets per address at 100 and trusts no proxy unless told', () => {
    const config = loadConfig({});
    expect(config.signaling.maxConnectionsPerAddress).toBe(100);
    expect(config.trustProxy).toEqual([]);
  });

  it('reads the cap and the trusted proxies (addresses and CIDR ranges)', () => {
    const config = loadConfig({
      SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '7',
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,2001:db8::/32',
    });
    expect(config.signaling.maxConnectionsPerAddress).toBe(7);
    expect(config.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32']);
  });

  it('names the variable of a cap below one or a proxy that is not an address', () => {
    expect(problemsOf({ SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '0' })).toEqual([
      expect.stringMatching(/^SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: /),
    ]);
    expect(problemsOf({ TRUST_PROXY: '127.0.0.1,proxy.example.org,10.0.0.0/33' })).toEqual([
      'TRUST_PROXY: not an IP address or CIDR range: proxy.example.org, 10.0.0.0/33',
    ]);
  });
});
