import { useEffect, useId, useState } from 'preact/hooks';
import { PasskeyList, PasskeyOptions, PasskeyView } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { Field } from '../components/Field.tsx';
import { usePasskeyT } from '../i18n/passkeys/index.ts';
import { PasskeyError } from './PasskeyError.tsx';
import { createPasskey } from './webauthn.ts';

/** A member's passkeys: the list (remove), adding a named one, and "krev passnøkkel". */
export function PasskeyPanel() {
  const { api, i18n } = useApp();
  const pt = usePasskeyT();
  const [list, setList] = useState<PasskeyList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const requireId = useId();

  useEffect(() => {
    api
      .get('/api/passkeys', (v) => PasskeyList.parse(v))
      .then(setList)
      .catch(setError);
  }, [api]);

  const remove = async (passkey: PasskeyView): Promise<void> => {
    setError(null);
    try {
      await api.postEmpty(`/api/passkeys/${passkey.id}/delete`);
      setList((current) => current && { ...current, passkeys: current.passkeys.filter((p) => p.id !== passkey.id) });
      setStatus(pt('account.removed', { name: passkey.name }));
    } catch (failure) {
      setError(failure);
    }
  };
  const setRequired = async (requiresPasskey: boolean): Promise<void> => {
    setError(null);
    try {
      setList(await api.post('/api/passkeys/settings', { requiresPasskey }, (v) => PasskeyList.parse(v)));
      setStatus(pt(requiresPasskey ? 'account.requireOn' : 'account.requireOff'));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <p>{pt('account.intro')}</p>
      <PasskeyError error={error} />
      <p class="status" role="status">
        {status}
      </p>
      <section aria-labelledby="passkeys-heading" class="card">
        <h2 id="passkeys-heading">{pt('account.listHeading')}</h2>
        {list === null ? null : list.passkeys.length === 0 ? (
          <p>{pt('account.none')}</p>
        ) : (
          <ul class="passkey-list">
            {list.passkeys.map((p) => (
              <li key={p.id} class="passkey-item">
                <div>
                  <strong>{p.name}</strong>
                  <p class="hint">
                    {pt('account.created', { time: i18n.formatDateTime(p.createdAt) })} ·{' '}
                    {p.lastUsedAt === null
                      ? pt('account.neverUsed')
                      : pt('account.lastUsed', { time: i18n.formatDateTime(p.lastUsedAt) })}
                    {p.isBackedUp ? ` · ${pt('account.synced')}` : ''}
                  </p>
                </div>
                <button
                  type="button"
                  class="button danger-outline small"
                  aria-label={pt('account.removeNamed', { name: p.name })}
                  onClick={() => void remove(p)}
                >
                  {pt('account.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <AddPasskeyForm
        onAdded={(passkey) => {
          setList((current) => current && { ...current, passkeys: [...current.passkeys, passkey] });
          setStatus(pt('account.added', { name: passkey.name }));
        }}
      />
      {list !== null && (
        <section aria-labelledby="require-heading" class="card">
          <h2 id="require-heading">{pt('account.requireHeading')}</h2>
          <label for={requireId} class="checkbox">
            <input
              id={requireId}
              type="checkbox"
              checked={list.requiresPasskey}
              aria-describedby={`${requireId}-hint`}
              onChange={(e) => void setRequired(e.currentTarget.checked)}
            />{' '}
            {pt('account.require')}
          </label>
          <p id={`${requireId}-hint`} class="hint">
            {pt('account.requireHint')}
          </p>
        </section>
      )}
    </>
  );
}

function AddPasskeyForm({ onAdded }: { onAdded: (passkey: PasskeyView) => void }) {
  const { api } = useApp();
  const pt = usePasskeyT();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { options } = await api.post('/api/passkeys/options', {}, (v) => PasskeyOptions.parse(v));
      const credential = await createPasskey(options);
      onAdded(await api.post('/api/passkeys', { name, credential }, (v) => PasskeyView.parse(v)));
      setName('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="add-passkey-heading" class="card">
      <h2 id="add-passkey-heading">{pt('account.addHeading')}</h2>
      <form class="form" onSubmit={(event) => void submit(event)}>
        <Field
          label={pt('account.name')}
          hint={pt('account.nameHint')}
          required
          maxLength={60}
          value={name}
          onValue={setName}
        />
        <PasskeyError error={error} />
        <button type="submit" class="button primary" disabled={isBusy}>
          {isBusy ? pt('passkey.busy') : pt('account.add')}
        </button>
      </form>
    </section>
  );
}
