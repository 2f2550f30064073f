import { describe, expect, it } from 'vitest';
import { turnUrlsByTransport, verdictOf, type EquipmentResults } from './verdict.ts';

const GOOD: EquipmentResults = {
  camera: { kind: 'ok' },
  microphone: { kind: 'ok' },
  speaker: 'heard',
  isServerReached: true,
  hasTurn: true,
  turnUdp: 'open',
  turnTcp: 'open',
  call: { kind: 'measured', kbps: 800, capacityKbps: null, rttMs: 20, isVideo: true },
  canEncrypt: true,
};

describe('the equipment test verdict', () => {
  it('is good with no advice when every step passed', () => {
    expect(verdictOf(GOOD)).toEqual({ level: 'good', advice: [] });
  });

  it('is good when the person has not answered the speaker question yet', () => {
    expect(verdictOf({ ...GOOD, speaker: null }).level).toBe('good');
  });

  it('says the network blocks video calls when neither TURN transport is open', () => {
    expect(verdictOf({ ...GOOD, turnUdp: 'blocked', turnTcp: 'blocked', call: { kind: 'failed' } })).toEqual({
      level: 'bad',
      advice: [{ key: 'advice.network' }],
    });
  });

  it('says the network blocks video calls when the relays answer but the test call fails', () => {
    expect(verdictOf({ ...GOOD, call: { kind: 'failed' } }).advice).toEqual([{ key: 'advice.network' }]);
  });

  it('warns, without failing, when only UDP is blocked and TCP carries the call', () => {
    expect(verdictOf({ ...GOOD, turnUdp: 'blocked' })).toEqual({
      level: 'warn',
      advice: [{ key: 'advice.udpBlocked' }],
    });
  });

  it('does not treat a transport that is not configured as blocked', () => {
    expect(verdictOf({ ...GOOD, turnUdp: 'not-configured' }).level).toBe('good');
  });

  it('warns about a slow or distant connection', () => {
    expect(
      verdictOf({ ...GOOD, call: { kind: 'measured', kbps: 90, capacityKbps: null, rttMs: 30, isVideo: true } }).advice,
    ).toEqual([{ key: 'advice.slow' }]);
    expect(
      verdictOf({ ...GOOD, call: { kind: 'measured', kbps: 900, capacityKbps: null, rttMs: 700, isVideo: true } })
        .advice,
    ).toEqual([{ key: 'advice.slow' }]);
  });

  it('judges the network by the bandwidth estimate, not by what a still picture needed', () => {
    const call = { kind: 'measured', kbps: 70, capacityKbps: 300, rttMs: 15, isVideo: true } as const;
    expect(verdictOf({ ...GOOD, call }).level).toBe('good');
    expect(verdictOf({ ...GOOD, call: { ...call, capacityKbps: 100 } }).advice).toEqual([{ key: 'advice.slow' }]);
  });

  it('holds a call that could send only sound to the rate of speech, not of video', () => {
    expect(
      verdictOf({ ...GOOD, call: { kind: 'measured', kbps: 40, capacityKbps: null, rttMs: 20, isVideo: false } }).level,
    ).toBe('good');
    expect(
      verdictOf({ ...GOOD, call: { kind: 'measured', kbps: 8, capacityKbps: null, rttMs: 20, isVideo: false } }).advice,
    ).toEqual([{ key: 'advice.slow' }]);
  });

  it('gives the camera advice for a denied camera, and one piece of advice when the microphone is denied too', () => {
    const denied = { kind: 'problem', problem: 'denied' } as const;
    expect(verdictOf({ ...GOOD, camera: denied })).toEqual({
      level: 'bad',
      advice: [{ key: 'advice.denied', device: 'camera' }],
    });
    expect(verdictOf({ ...GOOD, camera: denied, microphone: denied }).advice).toEqual([
      { key: 'advice.denied', device: 'both' },
    ]);
  });

  it('says the camera is in use by another program', () => {
    expect(verdictOf({ ...GOOD, camera: { kind: 'problem', problem: 'in-use' } }).advice).toEqual([
      { key: 'advice.inUse', device: 'camera' },
    ]);
  });

  it('puts what must be fixed before what is only advice', () => {
    const verdict = verdictOf({
      ...GOOD,
      microphone: { kind: 'silent' },
      isServerReached: false,
      speaker: 'not-heard',
    });
    expect(verdict.level).toBe('bad');
    expect(verdict.advice.map((a) => a.key)).toEqual(['advice.server', 'advice.microphoneSilent', 'advice.speaker']);
  });

  it('skips the network rules on a server without TURN', () => {
    expect(
      verdictOf({
        ...GOOD,
        hasTurn: false,
        turnUdp: 'not-configured',
        turnTcp: 'not-configured',
        call: { kind: 'skipped' },
      }).level,
    ).toBe('good');
  });

  it('refuses a browser that cannot encrypt', () => {
    expect(verdictOf({ ...GOOD, canEncrypt: false }).advice).toEqual([{ key: 'advice.encryption' }]);
  });
});

describe('turnUrlsByTransport', () => {
  it('sorts turn: UDP from TCP and turns: (TLS)', () => {
    expect(
      turnUrlsByTransport([
        'turn:t.example:3478?transport=udp',
        'turn:t.example:3478',
        'turn:t.example:3478?transport=tcp',
        'turns:t.example:443?transport=tcp',
        'stun:s.example:3478',
      ]),
    ).toEqual({
      udp: ['turn:t.example:3478?transport=udp', 'turn:t.example:3478'],
      tcp: ['turn:t.example:3478?transport=tcp', 'turns:t.example:443?transport=tcp'],
    });
  });
});
