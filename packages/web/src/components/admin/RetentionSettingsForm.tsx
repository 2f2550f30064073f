import { useEffect, useId, useState } from 'preact/hooks';
import {
  RETENTION_BOUNDS,
  RETENTION_CATEGORIES,
  RetentionView,
  type RetentionCategory,
  type RetentionSettings,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

type Draft = Record<RetentionCategory, string>;

function draftOf(settings: RetentionSettings): Draft {
  return Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, String(settings[c])])) as Draft;
}

/** The organisation's retention periods (admin page): days per category, with bounds and defaults. */
export function RetentionSettingsForm({ onSaved }: { onSaved: () => void }) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const [view, setView] = useState<RetentionView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    api
      .get('/api/admin/retention', (v) => RetentionView.parse(v))
      .then((loaded) => {
        setView(loaded);
        setDraft(draftOf(loaded.settings));
      })
      .catch(setError);
  }, [api]);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (draft === null) return;
    setError(null);
    setStatus('');
    try {
      const body = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, Number(draft[c])]));
      const saved = await api.put('/api/admin/retention', body, (v) => RetentionView.parse(v));
      setView(saved);
      setDraft(draftOf(saved.settings));
      setStatus(t('retention.saved'));
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} class="card">
      <h2 id={`${id}-heading`}>{t('retention.title')}</h2>
      <p class="hint">{t('retention.intro')}</p>
      {view !== null && draft !== null ? (
        <form class="form" onSubmit={(event) => void submit(event)} noValidate>
          {RETENTION_CATEGORIES.map((c) => {
            const bounds = RETENTION_BOUNDS[c];
            const hintId = `${id}-${c}-hint`;
            return (
              <div class="field" key={c}>
                <label for={`${id}-${c}`}>{t(`retention.category.${c}`)}</label>
                <input
                  id={`${id}-${c}`}
                  type="number"
                  inputMode="numeric"
                  min={bounds.min}
                  max={bounds.max}
                  step={1}
                  required
                  value={draft[c]}
                  aria-describedby={hintId}
                  onInput={(event) => setDraft({ ...draft, [c]: (event.target as HTMLInputElement).value })}
                />
                <span class="hint" id={hintId}>
                  {t(`retention.from.${c}`)}{' '}
                  {t('retention.bounds', { min: bounds.min, max: bounds.max, default: view.defaults[c] })}
                </span>
              </div>
            );
          })}
          <ErrorMessage error={error} />
          <button type="submit" class="button primary">
            {t('retention.save')}
          </button>
          <p class="status" role="status">
            {status}
          </p>
        </form>
      ) : (
        <ErrorMessage error={error} />
      )}
    </section>
  );
}
