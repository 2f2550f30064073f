import { useEffect, useState } from 'preact/hooks';
import { isErrorCode, type LoginProviders } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { ApiRequestError, type Parse } from '../api/ApiClient.ts';
import { Page } from '../components/Page.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { SecondFactorRequired } from '@samtale/protocol';
import { PasskeyLoginButton, SecondFactorStep } from '../passkeys/PasskeyLogin.tsx';

const parseProviders: Parse<LoginProviders> = (value) => ({
  isHelseIdEnabled: (value as { isHelseIdEnabled?: unknown } | null)?.isHelseIdEnabled === true,
});

/** The coded error a HelseID login came back with (`/login?error=CODE`), if any. */
function returnedError(): ApiRequestError | null {
  const code = new URLSearchParams(window.location.search).get('error');
  return isErrorCode(code) ? new ApiRequestError(code, 0, code, null) : null;
}

/** Login for clinicians and administrators: HelseID where configured, and e-mail and password. */
export function LoginPage() {
  const { auth, i18n, api } = useApp();
  const t = i18n.t;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(returnedError);
  const [isHelseIdEnabled, setHelseIdEnabled] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    api
      .get('/api/auth/providers', parseProviders)
      .then((providers) => {
        if (isCurrent) setHelseIdEnabled(providers.isHelseIdEnabled);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [api]);
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
      {isHelseIdEnabled && (
        <p class="card">
          <a class="button primary" href="/api/auth/helseid/start">
            {t('login.helseid')}
          </a>
        </p>
      )}
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
