import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import type { Route } from '../state/Router.ts';
import { Loading } from '../components/Loading.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { HostCall } from './host/HostCall.tsx';

/** `/c/:consultationId`: the host's call; asks for login first when needed. */
export default function HostCallPage({ route }: { route: Route }) {
  const { auth } = useApp();
  const [error, setError] = useState<unknown>(null);
  const session: SessionView | null | undefined = auth.session.value;
  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  if (route.name !== 'call') return null;
  if (error) return <ErrorMessage error={error} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  return <HostCall consultationId={route.consultationId} />;
}
