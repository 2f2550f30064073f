/** Against a real coturn (Debian package `coturn`): our credentials are the ones coturn accepts. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoturnProcess, devCoturnConfig, devRelayIp } from './CoturnProcess.ts';
import { turnCredential, turnPassword } from './credentials.ts';
import { stunBinding, turnAllocate } from './stun.ts';

describe('coturn with our TURN REST API credentials', () => {
  let turn: CoturnProcess;
  beforeAll(async () => {
    turn = await CoturnProcess.start();
  });
  afterAll(async () => {
    await turn.stop();
  });

  it('relays for a participant holding a credential our server minted', async () => {
    const { username, credential } = turnCredential(turn.secret, 'participant-1', 600);
    const answer = await turnAllocate(turn, username, credential);
    expect(answer).toMatchObject({ isSuccess: true, errorCode: null });
    expect(answer.relayedAddress?.ip).toBe(turn.relayIp);
    expect(turn.relayIp).toBe(devRelayIp());
    expect(answer.relayedAddress?.port).toBeGreaterThanOrEqual(50_000);
    expect(answer.relayedAddress?.port).toBeLessThan(60_000);
  });

  it('refuses a credential signed with another secret', async () => {
    const { username } = turnCredential(turn.secret, 'participant-2', 600);
    const answer = await turnAllocate(turn, username, turnPassword('not-the-secret-of-this-coturn', username));
    expect(answer).toMatchObject({ isSuccess: false, errorCode: 401 });
  });

  it('refuses a credential whose lifetime is over, even though its signature is right', async () => {
    const expired = turnCredential(turn.secret, 'participant-3', 60, Date.now() - 120_000);
    const answer = await turnAllocate(turn, expired.username, expired.credential);
    expect(answer).toMatchObject({ isSuccess: false, errorCode: 401 });
  });

  it('gives the server the environment that points at it', () => {
    expect(turn.serverEnv).toEqual({
      TURN_SECRET: turn.secret,
      TURN_URLS: `turn:127.0.0.1:${turn.port}?transport=udp,turn:127.0.0.1:${turn.port}?transport=tcp`,
    });
  });
});

describe('CoturnProcess lifecycle', () => {
  it('stops coturn and deletes its private folder, and stopping twice is harmless', async () => {
    const before = new Set(await readdir(tmpdir()));
    const turn = await CoturnProcess.start({ secret: 'a-fixed-secret-for-this-test' });
    const dirs = (await readdir(tmpdir())).filter((d) => d.startsWith('samtale-coturn-') && !before.has(d));
    expect(dirs).toHaveLength(1);
    await Promise.all([turn.stop(), turn.stop()]);
    await turn.exited;
    expect(existsSync(`${tmpdir()}/${dirs[0] ?? ''}`)).toBe(false);
    await expect(stunBinding(turn, 500)).rejects.toThrow(/no STUN answer/);
  });

  it('reports a missing coturn binary clearly instead of hanging', async () => {
    await expect(CoturnProcess.start({ binary: '/nonexistent/turnserver' })).rejects.toThrow(/coturn did not start/);
  });

  it('allows loopback peers only in the generated development configuration, with the secret in it', () => {
    const config = devCoturnConfig({ port: 3478, minPort: 50_000, secret: 's3cret', realm: 'r', dir: '/tmp/x' });
    expect(config).toContain('allow-loopback-peers');
    expect(config).toContain('use-auth-secret\nstatic-auth-secret=s3cret');
    expect(config).toContain('listening-ip=127.0.0.1');
    expect(config).toContain('max-port=50099');
    expect(
      devCoturnConfig({ port: 3478, minPort: 50_000, secret: 's', realm: 'r', dir: '/x', relayIp: '192.0.2.2' }),
    ).toContain('relay-ip=192.0.2.2\n');
  });

  it('relays from the machine’s own network address, where a local Janus can answer, and from loopback only without one', () => {
    const lo = {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    } as const;
    const v6 = {
      ...lo,
      address: 'fd00::2',
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6',
      internal: false,
      cidr: 'fd00::2/64',
      scopeid: 0,
    } as const;
    const eth = {
      ...lo,
      address: '192.0.2.2',
      netmask: '255.255.255.0',
      internal: false,
      cidr: '192.0.2.2/24',
    } as const;
    expect(devRelayIp({ lo: [lo], eth0: [v6, eth] })).toBe('192.0.2.2');
    expect(devRelayIp({ lo: [lo], eth0: [v6] })).toBe('127.0.0.1');
    expect(devRelayIp({})).toBe('127.0.0.1');
  });
});
