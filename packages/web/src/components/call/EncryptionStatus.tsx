import { useEffect, useState } from 'preact/hooks';
import type { CallSession, E2eeState } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';

interface EncryptionStatusProps {
  session: CallSession;
  /** Media flows in the call: with none, nothing is claimed to be encrypted (there is nothing to encrypt). */
  hasMedia: boolean;
}

/**
 * End-to-end encryption as the person sees it (docs/E2EE-SCHEME.md): "encrypted" only when every
 * other participant's key is in place, the verification code to read aloud, and a confirm button.
 */
export function EncryptionStatus({ session, hasMedia }: EncryptionStatusProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const [state, setState] = useState<E2eeState>(session.e2ee);
  useEffect(() => {
    const lifetime = new AbortController();
    setState(session.e2ee);
    session.on('e2eeChanged', (next) => setState(next), { signal: lifetime.signal });
    return () => lifetime.abort();
  }, [session]);

  if (state.status === 'failed') {
    return (
      <section class="e2ee e2ee-failed" aria-label={t('e2ee.heading')}>
        <p role="alert">{t('e2ee.failed')}</p>
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
        <span aria-hidden="true">🔒 </span>
        {t('e2ee.active')}
      </p>
      {code && (
        <div class="e2ee-code">
          <p>{t('e2ee.compare')}</p>
          <p class="e2ee-digits" aria-label={t('e2ee.codeLabel')}>
            {code.digits}
          </p>
          <p class="e2ee-emoji" aria-hidden="true">
            {code.emoji}
          </p>
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
