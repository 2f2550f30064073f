import { useState } from 'preact/hooks';
import type { MeetingKind } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

const KINDS: readonly MeetingKind[] = ['internal', 'external', 'clinical'];

export interface NewMeeting {
  kind: MeetingKind;
  hasPersonalData: boolean;
  title: string;
}

/** Creates a meeting of a kind; clinical meetings always carry personal data (the box is fixed). */
export function CreateMeetingForm({ onCreate }: { onCreate: (input: NewMeeting) => Promise<void> }) {
  const t = useT();
  const [kind, setKind] = useState<MeetingKind>('internal');
  const [hasPersonalData, setPersonalData] = useState(false);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const isClinical = kind === 'clinical';
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate({ kind, hasPersonalData: isClinical || hasPersonalData, title });
      setTitle('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="create-meeting-heading">
      <h2 id="create-meeting-heading">{t('meetings.createHeading')}</h2>
      <form class="form" onSubmit={(event) => void submit(event)}>
        <fieldset class="kind-choice">
          <legend>{t('meetings.kind')}</legend>
          {KINDS.map((option) => (
            <label key={option} class="radio">
              <input
                type="radio"
                name="meeting-kind"
                value={option}
                checked={kind === option}
                onChange={() => setKind(option)}
              />
              {t(`meetings.kind.${option}`)}
            </label>
          ))}
        </fieldset>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={isClinical || hasPersonalData}
            disabled={isClinical}
            aria-describedby={isClinical ? 'personal-data-forced' : undefined}
            onChange={(event) => setPersonalData(event.currentTarget.checked)}
          />
          {t('meetings.personalData')}
        </label>
        {isClinical && (
          <p id="personal-data-forced" class="hint">
            {t('meetings.personalDataForced')}
          </p>
        )}
        <Field
          label={t('meetings.titleLabel')}
          hint={t('meetings.titleHint')}
          maxLength={100}
          value={title}
          onValue={setTitle}
        />
        <button type="submit" class="button primary" disabled={isBusy}>
          {t('meetings.create')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}
