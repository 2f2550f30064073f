import { useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

/** Email and password login for clinicians and administrators. */
export function LoginPage() {
  const { auth, i18n } = useApp();
  const t = i18n.t;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.login({ email, password });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Page title={t('login.title')}>
      <p>{t('login.intro')}</p>
      <form class="card form" onSubmit={(event) => void submit(event)}>
        <Field
          label={t('login.email')}
          type="email"
          autocomplete="username"
          required
          value={email}
          onValue={setEmail}
        />
        <Field
          label={t('login.password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <ErrorMessage error={error} />
        <button type="submit" class="button primary" disabled={isBusy}>
          {t('login.submit')}
        </button>
      </form>
      <p class="hint">{t('login.patientHint')}</p>
    </Page>
  );
}
