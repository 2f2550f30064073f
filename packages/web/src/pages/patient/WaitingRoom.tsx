import type { ComponentChildren } from 'preact';
import { useT } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { Page } from '../../components/Page.tsx';

/** The waiting room: what happens now, messages from the clinician (announced), and a way out. */
export function WaitingRoom({
  call,
  onLeave,
  extra,
}: {
  call: CallState;
  onLeave: () => void;
  extra?: ComponentChildren;
}) {
  const t = useT();
  const messages = call.hostMessages.value;
  const isReconnecting = call.connection.value === 'reconnecting';
  return (
    <Page title={t('waitingRoom.title')}>
      <div class="card waiting-card">
        <div class="pulse" aria-hidden="true" />
        <p role="status" aria-live="polite">
          {isReconnecting ? t('call.reconnecting') : t('waitingRoom.status')}
        </p>
        <p class="hint">{t('waitingRoom.explain')}</p>
      </div>
      <section aria-labelledby="messages-heading" class="card">
        <h2 id="messages-heading">{t('waitingRoom.messagesHeading')}</h2>
        <div aria-live="polite" aria-atomic="false">
          {messages.length === 0 ? (
            <p class="hint">{t('waitingRoom.noMessages')}</p>
          ) : (
            messages.map((m) => (
              <blockquote key={m.sentAt} class="host-message">
                <p>{m.text}</p>
              </blockquote>
            ))
          )}
        </div>
      </section>
      <button type="button" class="button danger-outline" onClick={onLeave}>
        {t('waitingRoom.leave')}
      </button>
      {extra}
    </Page>
  );
}
