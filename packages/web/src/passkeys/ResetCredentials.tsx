import { useState } from 'preact/hooks';
import { UserView } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../state/AppState.ts';
import { usePasskeyT } from '../i18n/passkeys/index.ts';

/**
 * An admin's "Tilbakestill innlogging" for one member: opens a small form for the new password
 * (handed over like the first), then removes the member's passkeys and ends their sessions.
 */
export function ResetCredentials({ user, onReset }: { user: UserView; onReset: (user: UserView) => void }) {
  const { api } = useApp();
  const t = useT();
  const pt = usePasskeyT();
  const [isOpen, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const updated = await api.post(`/api/users/${user.id}/reset-credentials`, { password }, (v) => UserView.parse(v));
      setStatus(pt('admin.resetDone', { name: user.displayName, count: user.passkeyCount }));
      setPassword('');
      setOpen(false);
      onReset(updated);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div class="reset-credentials">
      {isOpen ? (
        <form
          class="form"
          aria-label={pt('admin.resetNamed', { name: user.displayName })}
          onSubmit={(e) => void submit(e)}
        >
          <p class="hint">{pt('admin.resetIntro', { name: user.displayName })}</p>
          <Field
            label={pt('admin.newPassword')}
            hint={t('setup.passwordHint')}
            type="password"
            autocomplete="new-password"
            required
            minLength={10}
            value={password}
            onValue={setPassword}
          />
          <ErrorMessage error={error} />
          <div class="actions">
            <button type="submit" class="button danger">
              {pt('admin.resetSubmit')}
            </button>
            <button type="button" class="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          class="button small"
          aria-label={pt('admin.resetNamed', { name: user.displayName })}
          onClick={() => (setOpen(true), setStatus(''))}
        >
          {pt('admin.reset')}
        </button>
      )}
      <p class="status" role="status">
        {status}
      </p>
    </div>
  );
}
