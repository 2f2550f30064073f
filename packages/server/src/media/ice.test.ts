import { describe, expect, it } from 'vitest';
import { iceServersFor } from './ice.ts';
import { turnPassword } from './turn/credentials.ts';

describe('iceServersFor', () => {
  it('gives every participant the configured ICE servers', () => {
    const iceServers = Object.freeze([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org:3478?transport=udp'], username: 'u', credential: 'c' },
    ]);
    expect(iceServersFor({ iceServers, turn: null }, 'p1')).toEqual(iceServers);
  });

  it('returns a copy that cannot change the configuration', () => {
    const iceServers = Object.freeze([{ urls: ['stun:a'] }]);
    const result = iceServersFor({ iceServers, turn: null }, 'p1');
    const first = result[0];
    if (first && Array.isArray(first.urls)) first.urls.push('stun:b');
    expect(iceServers[0]?.urls).toEqual(['stun:a']);
  });

  it('gives no servers when none are configured (host candidates only)', () => {
    expect(iceServersFor({ iceServers: [], turn: null }, 'p1')).toEqual([]);
  });

  it('adds our TURN server with a credential minted for this participant that expires after the TTL', () => {
    const turn = {
      secret: 'north-sea-secret-0123',
      urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
      ttlSeconds: 1200,
    };
    const servers = iceServersFor({ iceServers: [{ urls: 'stun:stun.example.org' }], turn }, 'p7', 1_700_000_000_000);
    expect(servers).toEqual([
      { urls: 'stun:stun.example.org' },
      { urls: turn.urls, username: '1700001200:p7', credential: turnPassword(turn.secret, '1700001200:p7') },
    ]);
    expect(JSON.stringify(servers)).not.toContain(turn.secret);
  });

  it('gives two participants different TURN usernames, so coturn logs and quotas tell them apart', () => {
    const turn = { secret: 'north-sea-secret-0123', urls: ['turn:t.example.org'], ttlSeconds: 600 };
    const [a] = iceServersFor({ iceServers: [], turn }, 'alice', 0);
    const [b] = iceServersFor({ iceServers: [], turn }, 'bob', 0);
    expect(a?.username).toBe('600:alice');
    expect(b?.username).toBe('600:bob');
    expect(a?.credential).not.toBe(b?.credential);
  });
});
