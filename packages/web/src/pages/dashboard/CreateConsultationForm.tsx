import { useState } from 'preact/hooks';
import { useT } from '../../state/AppState.ts';
import type { DashboardState } from '../../state/DashboardState.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

/** Creates a consultation with an optional label; its patient link then appears on the card. */
export function CreateConsultationForm({ dashboard }: { dashboard: DashboardState }) {
  const t = useT();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await dashboard.create(label);
      setLabel('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="create-heading">
      <h2 id="create-heading">{t('dashboard.createHeading')}</h2>
      <form class="form inline-form" onSubmit={(event) => void submit(event)}>
        <Field
          label={t('dashboard.label')}
          hint={t('dashboard.labelHint')}
          maxLength={100}
          value={label}
          onValue={setLabel}
        />
        <button type="submit" class="button primary" disabled={isBusy}>
          {t('dashboard.create')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
