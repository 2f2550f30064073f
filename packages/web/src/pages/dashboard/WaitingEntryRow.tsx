import { useState } from 'preact/hooks';
import type { WaitingEntry } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { roleKey } from '../../components/roles.ts';
import { IdentificationBadge } from '../../components/call/IdentificationBadge.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

interface WaitingEntryRowProps {
  entry: WaitingEntry;
  onAdmit: () => void;
  onMessage: (text: string) => Promise<void>;
  onDecline: (reason: string) => Promise<void>;
}

type Panel = 'none' | 'message' | 'decline';

/** One waiting person: name, role, since when; send a message, admit, or decline with a reason. */
export function WaitingEntryRow({ entry, onAdmit, onMessage, onDecline }: WaitingEntryRowProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const name = entry.displayName;
  const [panel, setPanel] = useState<Panel>('none');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);

  const run = async (event: Event, action: () => Promise<void>, done: string): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await action();
      setStatus(done);
      setText('');
      setPanel('none');
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <li class="waiting-entry">
      <div class="waiting-who">
        <strong>{name}</strong> <span class="badge">{t(roleKey(entry.role))}</span>
        <span class="hint"> {t('waiting.since', { time: i18n.formatTime(entry.waitingSince) })}</span>
        <div>
          <IdentificationBadge identification={entry.identification} />
        </div>
      </div>
      <div class="actions">
        <button type="button" class="button primary" onClick={onAdmit} aria-label={t('waiting.admitNamed', { name })}>
          {t('waiting.admit')}
        </button>
        <button
          type="button"
          class="button"
          aria-expanded={panel === 'message'}
          onClick={() => setPanel(panel === 'message' ? 'none' : 'message')}
          aria-label={t('waiting.messageNamed', { name })}
        >
          {t('waiting.message')}
        </button>
        <button
          type="button"
          class="button danger-outline"
          aria-expanded={panel === 'decline'}
          onClick={() => setPanel(panel === 'decline' ? 'none' : 'decline')}
          aria-label={t('waiting.declineNamed', { name })}
        >
          {t('waiting.decline')}
        </button>
      </div>
      {panel === 'message' && (
        <form
          class="form inline-form"
          onSubmit={(event) => void run(event, () => onMessage(text), t('waiting.messageSent'))}
        >
          <Field label={t('waiting.messageLabel', { name })} required maxLength={500} value={text} onValue={setText} />
          <button type="submit" class="button primary">
            {t('waiting.send')}
          </button>
        </form>
      )}
      {panel === 'decline' && (
        <form
          class="form inline-form"
          onSubmit={(event) => void run(event, () => onDecline(text.trim()), t('waiting.declined'))}
        >
          <Field label={t('waiting.reasonLabel')} maxLength={500} value={text} onValue={setText} />
          <button type="submit" class="button danger">
            {t('waiting.confirmDecline', { name })}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
      <p class="status" role="status">
        {status}
      </p>
    </li>
  );
}
