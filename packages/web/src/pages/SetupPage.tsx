import { useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

/** `/setup#<token>`: creates the organisation and its first administrator with the link the server printed. */
export default function SetupPage() {
  const { auth, router, i18n } = useApp();
  const t = i18n.t;
  // The token is in the fragment so it never reaches a server log or a Referer header.
  const [setupToken] = useState(() => window.location.hash.slice(1));
  const [organisationName, setOrganisationName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.setup({ setupToken, organisationName, displayName, email, password });
      router.navigate('/', { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Page title={t('setup.title')}>
      <p>{t('setup.intro')}</p>
      {!setupToken && <p class="error">{t('error.SETUP_TOKEN_INVALID')}</p>}
      <form class="card form" onSubmit={(event) => void submit(event)}>
        <Field
          label={t('setup.organisation')}
          required
          maxLength={120}
          value={organisationName}
          onValue={setOrganisationName}
        />
        <Field
          label={t('setup.name')}
          autocomplete="name"
          required
          maxLength={80}
          value={displayName}
          onValue={setDisplayName}
        />
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
          hint={t('setup.passwordHint')}
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          value={password}
          onValue={setPassword}
        />
        <ErrorMessage error={error} />
        <button type="submit" class="button primary" disabled={isBusy || !setupToken}>
          {t('setup.submit')}
        </button>
      </form>
    </Page>
  );
}
