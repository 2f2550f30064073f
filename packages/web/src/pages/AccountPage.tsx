import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { UserMenu } from '../components/UserMenu.tsx';
import { usePasskeyT } from '../i18n/passkeys/index.ts';
import { PasskeyPanel } from '../passkeys/PasskeyPanel.tsx';
import { LoginPage } from './LoginPage.tsx';
import { HelseIdLinkPanel } from './account/HelseIdLinkPanel.tsx';

/** `/account`: the member's passkeys and the HelseID link step (issue 8). */
export default function AccountPage() {
  const { auth } = useApp();
  const pt = usePasskeyT();
  const session = auth.session.value;
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  if (error) return <ErrorMessage error={error} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  return (
    <Page title={pt('account.title')} headerExtra={<UserMenu session={session} />}>
      <PasskeyPanel />
      <HelseIdLinkPanel user={session.user} />
    </Page>
  );
}
