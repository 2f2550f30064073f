import { useEffect, useRef, useState } from 'preact/hooks';
import { UserView } from '@samtale/protocol';
import { useApp, useT } from '../state/AppState.ts';
import { Field } from '../components/Field.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { usePasskeyT } from '../i18n/passkeys/index.ts';

/**
 * An admin's "Tilbakestill innlogging" for one member: the new password (handed over like the
 * first), then the member's passkeys are removed and their sessions ended. Shown below the user
 * table (not in a cell), so it fits a phone.
 */
export function ResetCredentialsForm({
  user,
  onReset,
  onCancel,
}: {
  user: UserView;
  onReset: (user: UserView, passkeysRemoved: number) => void;
  onCancel: () => void;
}) {
  const { api } = useApp();
  const t = useT();
  const pt = usePasskeyT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on the form the button opened.
  useEffect(() => heading.current?.focus(), [user.id]);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const updated = await api.post(`/api/users/${user.id}/reset-credentials`, { password }, (v) => UserView.parse(v));
      onReset(updated, user.passkeyCount);
    } catch (failure) {
      setError(failure);
    }
  };
  const title = pt('admin.resetNamed', { name: user.displayName });
  return (
    <form class="form reset-credentials" aria-label={title} onSubmit={(e) => void submit(e)}>
      <h3 ref={heading} tabIndex={-1}>
        {title}
      </h3>
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
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
