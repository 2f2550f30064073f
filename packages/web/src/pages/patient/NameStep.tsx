import { useState } from 'preact/hooks';
import type { ConsentTextRef, InvitationInfo } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { Field } from '../../components/Field.tsx';
import { textFor } from './parseInvitationInfo.ts';

/** The person's name and their consent to the organisation's text; nothing is sent until they confirm. */
export function NameStep({
  info,
  onJoin,
}: {
  info: InvitationInfo;
  onJoin: (displayName: string, consent: ConsentTextRef | undefined) => void;
}) {
  const { i18n } = useApp();
  const t = i18n.t;
  const role = info.role;
  const text = textFor(info, i18n.language.value);
  const [name, setName] = useState('');
  const [hasConsented, setConsented] = useState(false);
  const [isTried, setTried] = useState(false);
  const trimmed = name.trim();
  const submit = (event: Event): void => {
    event.preventDefault();
    setTried(true);
    if (trimmed && hasConsented) onJoin(trimmed, text && { hash: text.hash, language: text.language });
  };
  return (
    <Page title={t('name.title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <Field
          label={t('name.label')}
          hint={t(role === 'patient' ? 'name.hintPatient' : 'name.hintOther')}
          autocomplete="name"
          required
          maxLength={80}
          value={name}
          onValue={setName}
          isInvalid={isTried && !trimmed}
        />
        <label class="checkbox">
          <input
            type="checkbox"
            checked={hasConsented}
            onChange={(event) => setConsented(event.currentTarget.checked)}
            required
          />
          <span>{text?.consent ?? t('name.consent')}</span>
        </label>
        {isTried && (!trimmed || !hasConsented) && (
          <p class="error" role="alert">
            {!trimmed ? t('name.missingName') : t('name.missingConsent')}
          </p>
        )}
        <button type="submit" class="button primary">
          {t('name.submit')}
        </button>
      </form>
    </Page>
  );
}
