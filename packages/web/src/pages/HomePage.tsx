import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';
import { Loading } from '../components/Loading.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { DashboardPage } from './dashboard/DashboardPage.tsx';

/** `/`: the dashboard for a logged-in user, else the login form. */
export default function HomePage() {
  const { auth } = useApp();
  const [error, setError] = useState<unknown>(null);
  const session = auth.session.value;
  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  if (error) return <ErrorMessage error={error} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  return <DashboardPage session={session} />;
}
