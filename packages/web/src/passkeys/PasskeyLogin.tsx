import { useState } from 'preact/hooks';
import { PasskeyOptions, type SecondFactorRequired } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { usePasskeyT } from '../i18n/passkeys/index.ts';
import { PasskeyError } from './PasskeyError.tsx';
import { getPasskey, isWebAuthnAvailable } from './webauthn.ts';

/** "Logg inn med passnøkkel": a passwordless login with a discoverable passkey. */
export function PasskeyLoginButton() {
  const { api, auth } = useApp();
  const pt = usePasskeyT();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  if (!isWebAuthnAvailable()) return null;
  const start = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api.post('/api/auth/passkey/options', {}, (v) => PasskeyOptions.parse(v));
      await auth.loginWithPasskey(await getPasskey(options));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <div class="card passkey-login">
      <p class="passkey-or" aria-hidden="true">
        {pt('passkey.or')}
      </p>
      <button type="button" class="button" disabled={isBusy} onClick={() => void start()}>
        {pt('passkey.login')}
      </button>
      <p class="hint">{isBusy ? pt('passkey.busy') : pt('passkey.loginHint')}</p>
      <PasskeyError error={error} />
    </div>
  );
}

/** The second step after a right password, for a member who requires a passkey. */
export function SecondFactorStep({ step, onBack }: { step: SecondFactorRequired; onBack: () => void }) {
  const { auth } = useApp();
  const pt = usePasskeyT();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await auth.loginWithPasskey(await getPasskey(step.options));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <div class="card form">
      <h2>{pt('passkey.secondFactorTitle')}</h2>
      <p>{pt('passkey.secondFactorIntro')}</p>
      <PasskeyError error={error} />
      <p class="status" role="status">
        {isBusy ? pt('passkey.busy') : ''}
      </p>
      <div class="actions">
        <button type="button" class="button primary" disabled={isBusy} onClick={() => void confirm()}>
          {pt('passkey.secondFactorSubmit')}
        </button>
        <button type="button" class="button link-button" onClick={onBack}>
          {pt('passkey.backToLogin')}
        </button>
      </div>
    </div>
  );
}
