import { useEffect, useId, useState } from 'preact/hooks';
import { isErrorCode, LoginProviders, RedirectView, type UserView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ApiRequestError } from '../../api/ApiClient.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useAdminIdentityT } from '../../i18n/admin-identity/index.ts';

/** What the link step came back with: `/account?helseid=linked` or `/account?error=CODE`. */
function returnedOutcome(): { isLinked: boolean; error: ApiRequestError | null } {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('error');
  return {
    isLinked: query.get('helseid') === 'linked',
    error: isErrorCode(code) ? new ApiRequestError(code, 0, code, null) : null,
  };
}

/**
 * "Koble til HelseID" (issue 8): the explicit step that links a local account to the HelseID
 * person who logs in next, in this browser (HelseID's profile: the same person does both).
 */
export function HelseIdLinkPanel({ user }: { user: UserView }) {
  const { api } = useApp();
  const it = useAdminIdentityT();
  const id = useId();
  const [outcome] = useState(returnedOutcome);
  const [isEnabled, setIsEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(outcome.error);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    // The outcome is shown once; a reload should not announce it again.
    if (window.location.search !== '') window.history.replaceState(null, '', window.location.pathname);
    api
      .get('/api/auth/providers', (v) => LoginProviders.parse(v))
      .then((providers) => setIsEnabled(providers.isHelseIdEnabled))
      .catch(setError);
  }, [api]);

  const link = async (): Promise<void> => {
    setError(null);
    setIsBusy(true);
    try {
      const { url } = await api.post('/api/auth/helseid/link', {}, (v) => RedirectView.parse(v));
      window.location.assign(url);
    } catch (failure) {
      setIsBusy(false);
      setError(failure);
    }
  };

  const isLinked = user.helseId?.isLinked === true;
  // Nothing to offer where HelseID is not configured and the account was never linked.
  if (isEnabled !== true && !isLinked && error === null) return null;
  return (
    <section aria-labelledby={`${id}-heading`} class="card">
      <h2 id={`${id}-heading`}>{it('account.helseIdHeading')}</h2>
      <p class="status" role="status">
        {outcome.isLinked && isLinked ? it('account.helseIdLinkedNow') : isBusy ? it('account.helseIdBusy') : ''}
      </p>
      <ErrorMessage error={error} />
      {isLinked ? (
        <p data-testid="helseid-link-state">
          {user.helseId?.hprNumber
            ? it('account.helseIdLinkedHpr', { hpr: user.helseId.hprNumber })
            : it('account.helseIdLinked')}
        </p>
      ) : (
        isEnabled === true && (
          <>
            <p>{it('account.helseIdIntro')}</p>
            <button type="button" class="button primary" disabled={isBusy} onClick={() => void link()}>
              {it('account.helseIdLink')}
            </button>
          </>
        )
      )}
    </section>
  );
}
