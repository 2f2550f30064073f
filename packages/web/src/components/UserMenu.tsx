import type { SessionView } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { usePasskeyT } from '../i18n/passkeys/index.ts';

/** Who is logged in, the way to the admin page (admins) and logout. */
export function UserMenu({ session }: { session: SessionView }) {
  const { auth, router, i18n } = useApp();
  const t = i18n.t;
  const pt = usePasskeyT();
  const isAdminPage = router.path.value === '/admin';
  const isAccountPage = router.path.value === '/account';
  const logout = async (): Promise<void> => {
    await auth.logout().catch(() => undefined);
    router.navigate('/');
  };
  return (
    <nav class="user-menu" aria-label={t('nav.label')}>
      <span class="user-name">
        {session.user.displayName} · {session.user.organisationName}
      </span>
      {session.loginMethod?.method === 'helseid' && (
        <span class="login-method" data-testid="login-method">
          {t('nav.helseid', { level: session.loginMethod.securityLevel })}
          {session.loginMethod.hprNumber !== undefined &&
            ` · ${t('nav.hprNumber', { number: session.loginMethod.hprNumber })}`}
          {session.loginMethod.profession !== undefined && ` · ${session.loginMethod.profession}`}
        </span>
      )}
      {!isAccountPage && (
        <a href="/account" onClick={(event) => (event.preventDefault(), router.navigate('/account'))}>
          {pt('passkey.nav')}
        </a>
      )}
      {isAdminPage || isAccountPage ? (
        <a href="/" onClick={(event) => (event.preventDefault(), router.navigate('/'))}>
          {t('nav.dashboard')}
        </a>
      ) : (
        session.user.role === 'admin' && (
          <a href="/admin" onClick={(event) => (event.preventDefault(), router.navigate('/admin'))}>
            {t('nav.admin')}
          </a>
        )
      )}
      <button type="button" class="button link-button" onClick={() => void logout()}>
        {t('nav.logout')}
      </button>
    </nav>
  );
}
