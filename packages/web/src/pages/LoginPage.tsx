import { useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { SecondFactorRequired } from '@samtale/protocol';
import { PasskeyLoginButton, SecondFactorStep } from '../passkeys/PasskeyLogin.tsx';

/** Email and password login for clinicians and administrators. */
export function LoginPage() {
  const { auth, i18n } = useApp();
  const t = i18n.t;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const [secondFactor, setSecondFactor] = useState<SecondFactorRequired | null>(null);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const step = await auth.login({ email, password });
      if (step !== null) {
        setSecondFactor(step);
        setPassword('');
        setBusy(false);
      }
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  if (secondFactor !== null) {
    return (
      <Page title={t('login.title')}>
        <SecondFactorStep step={secondFactor} onBack={() => setSecondFactor(null)} />
      </Page>
    );
  }
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
      <PasskeyLoginButton />
      <p class="hint">{t('login.patientHint')}</p>
    </Page>
  );
}
