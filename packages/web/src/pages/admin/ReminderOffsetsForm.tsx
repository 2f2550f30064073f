/** Admin: the organisation's reminder times in minutes before the appointment (issue 9). */
import { useEffect, useId, useState } from 'preact/hooks';
import { ReminderOffsetsView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ApiRequestError } from '../../api/ApiClient.ts';
import { useTemplatesT } from '../../i18n/templates/index.ts';

/** The field's text as whole minutes, or null when a part is not a whole number. */
function parseOffsets(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : null;
}

export function ReminderOffsetsForm() {
  const { api } = useApp();
  const tt = useTemplatesT();
  const id = useId();
  const [view, setView] = useState<ReminderOffsetsView | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const shown = (offsets: readonly number[]) => (offsets.length === 0 ? tt('reminders.none') : offsets.join(', '));

  useEffect(() => {
    api
      .get('/api/admin/reminder-offsets', (v) => ReminderOffsetsView.parse(v))
      .then((v) => {
        setView(v);
        setText(v.offsetsMinutes.join(', '));
      }, setError);
  }, [api]);
  if (!view) return <ErrorMessage error={error} />;

  const save = async (offsetsMinutes: number[] | null): Promise<void> => {
    setError(null);
    setStatus('');
    try {
      const saved = await api.put('/api/admin/reminder-offsets', { offsetsMinutes }, (v) =>
        ReminderOffsetsView.parse(v),
      );
      setView(saved);
      setText(saved.offsetsMinutes.join(', '));
      setStatus(tt('reminders.saved', { offsets: shown(saved.offsetsMinutes) }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{tt('reminders.heading')}</h2>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          const offsets = parseOffsets(text);
          // Not whole numbers: the same coded error the server gives for times it cannot take.
          if (offsets === null) setError(new ApiRequestError('REMINDER_OFFSETS_INVALID', 400, '', null));
          else void save(offsets);
        }}
      >
        <div class="field">
          <label for={`${id}-offsets`}>{tt('reminders.field')}</label>
          <p class="hint" id={`${id}-hint`}>
            {tt('reminders.intro')} {tt('reminders.default', { offsets: shown(view.defaults) })}
            {view.isCustomised ? ` ${tt('reminders.customised')}` : ''}
          </p>
          <input
            id={`${id}-offsets`}
            type="text"
            inputMode="numeric"
            aria-describedby={`${id}-hint`}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="submit" class="button primary">
            {tt('reminders.save')}
          </button>
          <button type="button" class="button" disabled={!view.isCustomised} onClick={() => void save(null)}>
            {tt('reminders.reset')}
          </button>
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}
