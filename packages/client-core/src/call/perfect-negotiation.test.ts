import { describe, expect, it } from 'vitest';
import {
  decideOnDescription,
  iceRestartPlan,
  isFromNewRemoteSession,
  isPolitePeer,
  type DescriptionContext,
} from './perfect-negotiation.ts';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

function context(overrides: Partial<DescriptionContext>): DescriptionContext {
  return {
    descriptionType: 'offer',
    isPolite: true,
    isMakingOffer: false,
    isSettingRemoteAnswerPending: false,
    signalingState: 'stable',
    ...overrides,
  };
}

describe('isPolitePeer', () => {
  const side = (id: string, isHost = false) => ({ id, isHost });

  it('makes the participant with the smaller id polite and the other impolite, so exactly one yields', () => {
    expect(isPolitePeer(side(A), side(B))).toBe(true);
    expect(isPolitePeer(side(B), side(A))).toBe(false);
    expect(isPolitePeer(side(A, true), side(B, true))).toBe(true);
    expect(isPolitePeer(side(B, true), side(A, true))).toBe(false);
  });

  it('makes a host impolite towards a non-host whatever the ids, so the host offers first', () => {
    expect(isPolitePeer(side(A, true), side(B))).toBe(false);
    expect(isPolitePeer(side(B), side(A, true))).toBe(true);
    expect(isPolitePeer(side(B, true), side(A))).toBe(false);
    expect(isPolitePeer(side(A), side(B, true))).toBe(true);
  });

  it('refuses to negotiate with oneself', () => {
    expect(() => isPolitePeer(side(A), side(A))).toThrow(TypeError);
  });
});

describe('decideOnDescription', () => {
  it('applies an offer that arrives while stable, on either side', () => {
    expect(decideOnDescription(context({ isPolite: true }))).toEqual({ action: 'apply', isRollback: false });
    expect(decideOnDescription(context({ isPolite: false }))).toEqual({ action: 'apply', isRollback: false });
  });

  it('has the impolite side ignore an offer that collides with its own sent offer', () => {
    const glare = context({ isPolite: false, signalingState: 'have-local-offer' });
    expect(decideOnDescription(glare)).toEqual({ action: 'ignore', reason: 'glare' });
  });

  it('has the polite side roll back its own offer and take theirs in the same glare', () => {
    const glare = context({ isPolite: true, signalingState: 'have-local-offer' });
    expect(decideOnDescription(glare)).toEqual({ action: 'apply', isRollback: true });
  });

  it('treats an offer that arrives while we are still creating ours as a collision', () => {
    const racing = { signalingState: 'stable' as const, isMakingOffer: true };
    expect(decideOnDescription(context({ ...racing, isPolite: false }))).toEqual({ action: 'ignore', reason: 'glare' });
    expect(decideOnDescription(context({ ...racing, isPolite: true }))).toEqual({ action: 'apply', isRollback: true });
  });

  it('accepts an offer that arrives while a remote answer is being applied, since the state is about to be stable', () => {
    const pending = context({
      isPolite: false,
      signalingState: 'have-local-offer',
      isSettingRemoteAnswerPending: true,
    });
    expect(decideOnDescription(pending)).toEqual({ action: 'apply', isRollback: false });
  });

  it('applies an answer to our outstanding offer', () => {
    const answer = context({ descriptionType: 'answer', signalingState: 'have-local-offer' });
    expect(decideOnDescription(answer)).toEqual({ action: 'apply', isRollback: false });
  });

  it('ignores an answer when no offer of ours is outstanding, such as one to an offer we rolled back', () => {
    for (const signalingState of ['stable', 'have-remote-offer'] as const) {
      const late = context({ descriptionType: 'answer', signalingState });
      expect(decideOnDescription(late)).toEqual({ action: 'ignore', reason: 'stale-answer' });
    }
  });
});

describe('iceRestartPlan', () => {
  it('has the impolite side restart ICE at once when the connection failed', () => {
    expect(iceRestartPlan('failed', false)).toBe('restart-now');
  });

  it('gives a disconnected connection a grace period before the impolite side restarts', () => {
    expect(iceRestartPlan('disconnected', false)).toBe('restart-if-still-disconnected');
  });

  it('leaves restarts to the impolite side so that both sides do not restart at once', () => {
    expect(iceRestartPlan('failed', true)).toBe('none');
    expect(iceRestartPlan('disconnected', true)).toBe('none');
  });

  it('does nothing for healthy or new connections', () => {
    for (const state of ['new', 'connecting', 'connected', 'closed'] as const) {
      expect(iceRestartPlan(state, false)).toBe('none');
    }
  });
});

describe('isFromNewRemoteSession', () => {
  const sdp = (sessionId: string, version: number) =>
    `v=0\r\no=- ${sessionId} ${version} IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;

  it('sees a renegotiation of the same connection (same sess-id, higher version) as the same session', () => {
    expect(isFromNewRemoteSession(sdp('4611731400430051336', 2), sdp('4611731400430051336', 3))).toBe(false);
  });

  it('sees a new sess-id as a peer that started over, such as after a page reload', () => {
    expect(isFromNewRemoteSession(sdp('4611731400430051336', 2), sdp('8162522110245119541', 2))).toBe(true);
  });

  it('does not guess when either description has no origin line', () => {
    expect(isFromNewRemoteSession(undefined, sdp('1', 2))).toBe(false);
    expect(isFromNewRemoteSession(sdp('1', 2), 'v=0\r\n')).toBe(false);
  });
});
