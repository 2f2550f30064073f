import { describe, expect, it, vi } from 'vitest';
import type { SignalData } from '@samtale/protocol';
import { CallEncryption } from './CallEncryption.ts';

const callId = '00000000-0000-4000-8000-0000000000c1';
const selfId = '00000000-0000-4000-8000-000000000002';
const memberId = '00000000-0000-4000-8000-000000000001';
const waitingId = '00000000-0000-4000-8000-000000000003';

function setup(config: ConstructorParameters<typeof CallEncryption>[0]['config']) {
  const signals: Array<{ to: string; data: SignalData }> = [];
  let changes = 0;
  const encryption = new CallEncryption({
    config,
    sendSignal: (to, data) => signals.push({ to, data }),
    onChange: () => (changes += 1),
  });
  return { encryption, signals, changes: () => changes };
}

describe('CallEncryption', () => {
  it('does nothing without E2EE (Node tests with fake calls)', () => {
    const { encryption, changes } = setup(null);
    encryption.prepare();
    expect(encryption.start(callId, selfId)).toBeNull();
    encryption.setMembers([memberId]);
    encryption.stop();
    expect(encryption.state).toEqual({
      status: 'negotiating',
      verificationCode: null,
      isVerified: false,
      problems: [],
    });
    expect(changes()).toBe(0);
  });

  it('sends our identity only to the members the roster lists as admitted', async () => {
    const { encryption, signals } = setup({});
    const session = encryption.start(callId, selfId);
    expect(session).not.toBeNull();
    encryption.setMembers([memberId]);
    await vi.waitFor(() => expect(signals.some((s) => s.to === memberId)).toBe(true));
    expect(signals.map((s) => [s.to, s.data.kind])).toEqual([[memberId, 'e2eeIdentity']]);
    expect(signals.some((s) => s.to === waitingId)).toBe(false);
    encryption.dispose();
  });

  it('starts a fresh session (a fresh identity) for each admission and forgets the old one on stop', async () => {
    const { encryption, signals, changes } = setup({});
    encryption.start(callId, selfId);
    encryption.setMembers([memberId]);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    encryption.stop();
    expect(changes()).toBeGreaterThan(0);
    expect(encryption.state.status).toBe('negotiating');
    // Messages for the old admission's session go nowhere now.
    encryption.setMembers([memberId, waitingId]);
    expect(signals).toHaveLength(1);

    encryption.start(callId, selfId);
    encryption.setMembers([memberId]);
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    const [first, second] = signals.map((s) => (s.data.kind === 'e2eeIdentity' ? JSON.stringify(s.data) : ''));
    expect(second).not.toBe(first);
    encryption.dispose();
  });
});
