import { describe, expect, it } from 'vitest';
import { iceServersFor } from './ice.ts';

describe('iceServersFor', () => {
  it('gives every participant the configured ICE servers', () => {
    const iceServers = Object.freeze([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478?transport=udp'], username: 'u', credential: 'c' },
    ]);
    expect(iceServersFor({ iceServers }, 'p1')).toEqual(iceServers);
  });

  it('returns a copy that cannot change the configuration', () => {
    const iceServers = Object.freeze([{ urls: ['stun:a'] }]);
    const result = iceServersFor({ iceServers }, 'p1');
    const first = result[0];
    if (first && Array.isArray(first.urls)) first.urls.push('stun:b');
    expect(iceServers[0]?.urls).toEqual(['stun:a']);
  });

  it('gives no servers when none are configured (host candidates only)', () => {
    expect(iceServersFor({ iceServers: [] }, 'p1')).toEqual([]);
  });
});
