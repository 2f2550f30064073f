import { describe, expect, it } from 'vitest';
import type { SignalData } from '@samtale/protocol';
import { MAX_QUEUED_SIGNALS, SignalOutbox } from './SignalOutbox.ts';

const offer: SignalData = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
const candidate = (n: number): SignalData => ({
  kind: 'candidate',
  candidate: { candidate: `candidate:${n} 1 udp 1 192.0.2.2 ${n} typ host`, sdpMid: '0', sdpMLineIndex: 0 },
});

function setup(): { outbox: SignalOutbox; sent: Array<{ to: string; data: SignalData }>; link: { isUp: boolean } } {
  const sent: Array<{ to: string; data: SignalData }> = [];
  const link = { isUp: true };
  const outbox = new SignalOutbox({
    canSend: () => link.isUp,
    transmit: (to, data) => (sent.push({ to, data }), true),
  });
  return { outbox, sent, link };
}

describe('SignalOutbox', () => {
  it('sends at once while signaling is up', () => {
    const { outbox, sent } = setup();
    outbox.send('host', offer);
    expect(sent).toEqual([{ to: 'host', data: offer }]);
    expect(outbox.size).toBe(0);
  });

  it('keeps signals while signaling is away and, after a resume, sends them once the roster names their peers', () => {
    const { outbox, sent, link } = setup();
    link.isUp = false;
    outbox.send('host', offer);
    outbox.send('relative', offer);
    link.isUp = true;
    outbox.handleWelcome(true);
    // Up again, but the roster that says who is still there has not come: later signals wait too.
    outbox.send('host', candidate(1));
    expect(sent).toEqual([]);

    expect(outbox.handleRoster(['host'])).toBe(true);
    expect(sent).toEqual([
      { to: 'host', data: offer },
      { to: 'host', data: candidate(1) },
    ]);
    expect(outbox.size).toBe(0);
    expect(outbox.handleRoster(['host'])).toBe(false);
  });

  it('needs no resync after a welcome without a call', () => {
    const { outbox, sent } = setup();
    outbox.handleWelcome(false);
    expect(outbox.needsResync).toBe(false);
    outbox.send('host', offer);
    expect(sent).toHaveLength(1);
    expect(outbox.handleRoster(['host'])).toBe(false);
  });

  it('keeps signals behind one that could not leave, in order', () => {
    const sent: string[] = [];
    let isAccepting = false;
    const outbox = new SignalOutbox({
      canSend: () => true,
      transmit: (to) => isAccepting && (sent.push(to), true),
    });
    outbox.send('a', offer);
    isAccepting = true;
    outbox.send('b', offer);
    expect(sent).toEqual([]);
    expect(outbox.size).toBe(2);
  });

  it(`keeps at most ${MAX_QUEUED_SIGNALS} signals, dropping the oldest`, () => {
    const { outbox, sent, link } = setup();
    link.isUp = false;
    for (let n = 0; n < MAX_QUEUED_SIGNALS + 2; n += 1) outbox.send('host', candidate(n));
    expect(outbox.size).toBe(MAX_QUEUED_SIGNALS);
    link.isUp = true;
    outbox.handleWelcome(true);
    outbox.handleRoster(['host']);
    expect(sent[0]).toEqual({ to: 'host', data: candidate(2) });
    expect(sent).toHaveLength(MAX_QUEUED_SIGNALS);
  });

  it('drops what it kept when the call is gone', () => {
    const { outbox, sent, link } = setup();
    link.isUp = false;
    outbox.send('host', offer);
    outbox.handleWelcome(true);
    outbox.clear();
    expect(outbox.size).toBe(0);
    expect(outbox.needsResync).toBe(false);
    link.isUp = true;
    expect(outbox.handleRoster(['host'])).toBe(false);
    expect(sent).toEqual([]);
  });
});
