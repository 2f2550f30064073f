import { useEffect, useState } from 'preact/hooks';
import type { ParticipantView } from '@samtale/protocol';
import type { CallSession, E2eeProblem, E2eeState } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';
import type { I18n } from '../../i18n/I18n.ts';
import { VerificationSymbols } from './VerificationSymbols.tsx';

interface EncryptionStatusProps {
  session: CallSession;
  /** Media flows in the call: with none, nothing is claimed to be encrypted (there is nothing to encrypt). */
  hasMedia: boolean;
}

/**
 * End-to-end encryption as the person sees it (docs/E2EE-SCHEME.md): "encrypted" only when every
 * other participant's key is in place, the verification code to read aloud, and a confirm button.
 * When it does not work with someone, it says with whom and why, and the code is withdrawn.
 */
export function EncryptionStatus({ session, hasMedia }: EncryptionStatusProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const [state, setState] = useState<E2eeState>(session.e2ee);
  const [participants, setParticipants] = useState<ParticipantView[]>(session.participants);
  useEffect(() => {
    const lifetime = new AbortController();
    setState(session.e2ee);
    setParticipants(session.participants);
    session.on('e2eeChanged', (next) => setState(next), { signal: lifetime.signal });
    session.on('rosterChanged', (next) => setParticipants(next), { signal: lifetime.signal });
    return () => lifetime.abort();
  }, [session]);

  if (state.status === 'failed') {
    const nameOf = (id: string): string => participants.find((p) => p.id === id)?.displayName ?? t('call.someone');
    return (
      <section class="e2ee e2ee-failed" aria-label={t('e2ee.heading')}>
        <div role="alert">
          <p class="e2ee-failed-title">
            <strong>{state.problems.length > 0 ? t('e2ee.failedTitle') : t('e2ee.failed')}</strong>
          </p>
          {state.problems.length > 0 && (
            <ul class="e2ee-problems">
              {state.problems.map((problem) => (
                <li key={`${problem.participantId}-${problem.isOurs ? 'here' : 'there'}`}>
                  {describeProblem(i18n, problem, session.participantId, nameOf(problem.participantId))}
                </li>
              ))}
            </ul>
          )}
          {state.problems.length > 0 && <p>{t('e2ee.failedSafe')}</p>}
        </div>
      </section>
    );
  }
  if (!hasMedia) {
    return (
      <section class="e2ee" aria-label={t('e2ee.heading')}>
        <p role="status">{t('e2ee.noMedia')}</p>
      </section>
    );
  }
  if (state.status !== 'active') {
    return (
      <section class="e2ee" aria-label={t('e2ee.heading')}>
        <p role="status">{t('e2ee.negotiating')}</p>
      </section>
    );
  }
  const code = state.verificationCode;
  return (
    <section class="e2ee e2ee-active" aria-label={t('e2ee.heading')}>
      <p role="status" class="e2ee-badge">
        {t('e2ee.active')}
      </p>
      {code && (
        <div class="e2ee-code">
          <p>{t('e2ee.compare')}</p>
          <p class="e2ee-digits" aria-label={t('e2ee.codeLabel')}>
            {code.digits}
          </p>
          <VerificationSymbols symbols={code.symbols} />
          {state.isVerified ? (
            <p role="status" class="e2ee-verified">
              {t('e2ee.verified')}
            </p>
          ) : (
            <button type="button" class="button" onClick={() => session.confirmVerification()}>
              {t('e2ee.confirm')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** One line per problem: our own browser, their key here, or what they told us of theirs. */
function describeProblem(i18n: I18n, problem: E2eeProblem, selfId: string | null, name: string): string {
  if (problem.participantId === selfId) {
    return i18n.t(problem.failure === 'key' ? 'e2ee.here.transform' : `e2ee.here.${problem.failure}`);
  }
  if (problem.isOurs) return i18n.t('e2ee.ours.key', { name });
  return i18n.t(`e2ee.theirs.${problem.failure}`, { name });
}
