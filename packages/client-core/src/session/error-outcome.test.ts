import { describe, expect, it } from 'vitest';
import type { ErrorCode, ServerMessageOf } from '@samtale/protocol';
import { errorOutcome, type ErrorContext } from './error-outcome.ts';

const error = (code: ErrorCode, extra: Partial<ServerMessageOf<'error'>> = {}): ServerMessageOf<'error'> => ({
  type: 'error',
  code,
  message: 'text',
  ...extra,
});
const inCall: ErrorContext = { hasBeenWelcomed: true, entryRequestId: null, canRetrySfu: true };

describe('errorOutcome', () => {
  it('joins afresh when only a token from an earlier page was refused', () => {
    expect(errorOutcome(error('RESUME_INVALID'), { ...inCall, hasBeenWelcomed: false })).toBe('rejoin');
    expect(errorOutcome(error('RESUME_INVALID'), inCall)).toBe('fail');
  });

  it('fails on a fatal code, a fatal flag, or a refusal of our own join', () => {
    expect(errorOutcome(error('INVITATION_EXPIRED'), inCall)).toBe('fail');
    expect(errorOutcome(error('CONSULTATION_ENDED'), inCall)).toBe('fail');
    expect(errorOutcome(error('RATE_LIMITED', { isFatal: true }), inCall)).toBe('fail');
    expect(errorOutcome(error('ROOM_FULL', { ref: 'entry-2' }), { ...inCall, entryRequestId: 'entry-2' })).toBe('fail');
  });

  it('leaves a refused SFU step to the call when it can retry, and reports everything else', () => {
    expect(errorOutcome(error('SFU_UNAVAILABLE', { ref: 'sfu-7' }), inCall)).toBe('retrySfu');
    expect(errorOutcome(error('SFU_UNAVAILABLE', { ref: 'sfu-7' }), { ...inCall, canRetrySfu: false })).toBe('report');
    expect(errorOutcome(error('FORBIDDEN', { ref: 'admit-1' }), inCall)).toBe('report');
  });
});
