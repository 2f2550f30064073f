import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ClientMessage, type JoinAs, type ServerMessageOf } from '@samtale/protocol';
import { Admission } from './Admission.ts';
import { memoryStorage, ResumeTokenStore } from './resume-token-store.ts';
import type { PhaseChange } from './types.ts';

const join: JoinAs = {
  kind: 'invitation',
  invitationToken: 'k3Jd9sPq0aZx7Lm2Vb8nQw',
  displayName: 'Kari',
  hasConsented: true,
};
const selfId = '00000000-0000-4000-8000-000000000002';
const consultationId = '00000000-0000-4000-8000-0000000000c1';

function welcome(participantId = selfId, resumeToken = 'token-1'): ServerMessageOf<'welcome'> {
  return {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    participantId,
    resumeToken,
    role: 'patient',
    displayName: 'Kari',
    consultationId,
    state: 'waiting',
  };
}

function setup(): { admission: Admission; sent: ClientMessage[]; phases: PhaseChange[]; tokens: ResumeTokenStore } {
  const sent: ClientMessage[] = [];
  const phases: PhaseChange[] = [];
  const tokens = new ResumeTokenStore(join, memoryStorage());
  const admission = new Admission({
    join,
    tokens,
    send: (message) => (sent.push(message), true),
    onPhaseChanged: (change) => phases.push(change),
  });
  return { admission, sent, phases, tokens };
}

describe('Admission', () => {
  it('joins on the first open and resumes with the token the welcome gave on the next', () => {
    const { admission, sent, tokens } = setup();
    admission.handleOpened();
    expect(sent[0]).toMatchObject({ type: 'join', protocolVersion: PROTOCOL_VERSION, as: join });

    expect(admission.handleWelcome(welcome())).toBe(false);
    expect(tokens.get()).toBe('token-1');
    expect(admission.isJoined).toBe(true);
    expect(admission).toMatchObject({ participantId: selfId, role: 'patient', consultationId });

    admission.handleConnectionState('reconnecting');
    expect(admission.isJoined).toBe(false);
    admission.handleOpened();
    expect(sent[1]).toMatchObject({ type: 'resume', resumeToken: 'token-1' });
  });

  it('goes from connecting to waiting to admitted and back, reporting each change once', () => {
    const { admission, phases } = setup();
    admission.handleOpened();
    admission.handleWelcome(welcome());
    admission.handleWaiting('2030-01-01T10:00:00.000Z');
    admission.handleWaiting();
    expect(admission.waitingSince).toBe('2030-01-01T10:00:00.000Z');
    expect(admission.handleAdmitted()).toBe(true);
    expect(admission.waitingSince).toBeNull();
    admission.handleAdmitted();
    admission.handleWaiting();
    expect(phases.map((change) => change.phase)).toEqual(['waiting', 'admitted', 'waiting']);
  });

  it('is not admitted before it was welcomed', () => {
    const { admission, phases } = setup();
    expect(admission.handleAdmitted()).toBe(false);
    expect(admission.phase).toBe('connecting');
    expect(phases).toEqual([]);
  });

  it('says when a welcome is for another participant than before (a fresh join)', () => {
    const { admission } = setup();
    admission.handleWelcome(welcome());
    expect(admission.handleWelcome(welcome(selfId, 'token-2'))).toBe(false);
    expect(admission.handleWelcome(welcome('00000000-0000-4000-8000-000000000003', 'token-3'))).toBe(true);
  });

  it('joins afresh when a token left by an earlier page is refused, and forgets that token', () => {
    const { admission, sent, tokens } = setup();
    tokens.set('token-from-an-earlier-page');
    admission.handleOpened();
    const resume = sent[0];
    expect(resume).toMatchObject({ type: 'resume', resumeToken: 'token-from-an-earlier-page' });
    const ref = resume?.type === 'resume' ? resume.id : undefined;
    const action = admission.handleError(
      { type: 'error', code: 'RESUME_INVALID', message: 'no', ...(ref === undefined ? {} : { ref }) },
      false,
    );
    expect(action).toBe('handled');
    expect(tokens.get()).toBeNull();
    expect(sent[1]).toMatchObject({ type: 'join', as: join });
  });

  it('fails when its own join is refused, retries a refused SFU step only when the plane can, reports the rest', () => {
    const { admission, sent } = setup();
    admission.handleOpened();
    const ref = sent[0]?.type === 'join' ? sent[0].id : undefined;
    expect(ref).toBeDefined();
    expect(
      admission.handleError({ type: 'error', code: 'ROOM_FULL', message: 'full', ...(ref ? { ref } : {}) }, false),
    ).toBe('fail');
    admission.handleWelcome(welcome());
    const sfuRefusal = { type: 'error', code: 'INVALID_STATE', message: 'busy', ref: 'sfu-publish-1' } as const;
    expect(admission.handleError(sfuRefusal, true)).toBe('retrySfu');
    expect(admission.handleError(sfuRefusal, false)).toBe('report');
    expect(admission.handleError({ type: 'error', code: 'NOT_HOST', message: 'no', ref: 'lock-1' }, true)).toBe(
      'report',
    );
  });

  it('forgets the token when the session finishes, and reports every failure with its own error', () => {
    const { admission, phases, tokens } = setup();
    admission.handleWelcome(welcome());
    const error = { code: 'INTERNAL', message: 'x' } as const;
    admission.handleFinished({ phase: 'failed', error });
    admission.handleFinished({ phase: 'failed', error });
    expect(tokens.get()).toBeNull();
    expect(phases).toEqual([
      { phase: 'failed', error },
      { phase: 'failed', error },
    ]);
  });
});
