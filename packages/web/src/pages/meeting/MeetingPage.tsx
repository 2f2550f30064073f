import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '@samtale/protocol';
import type { LocalMedia } from '@samtale/client-core';
import { useApp } from '../../state/AppState.ts';
import type { Route } from '../../state/Router.ts';
import { Loading } from '../../components/Loading.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Page } from '../../components/Page.tsx';
import { MediaGate } from '../../components/call/MediaGate.tsx';
import { LoginPage } from '../LoginPage.tsx';
import { MeetingSession } from './MeetingSession.tsx';

/** `/m/:meetingId`: an organisation member's way into a meeting (login, devices, then the meeting). */
export default function MeetingPage({ route }: { route: Route }) {
  const { auth, i18n, router } = useApp();
  const t = i18n.t;
  const [error, setError] = useState<unknown>(null);
  const [media, setMedia] = useState<{ local: LocalMedia | null } | null>(null);
  const session: SessionView | null | undefined = auth.session.value;
  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  if (route.name !== 'meeting') return null;
  if (error) return <ErrorMessage error={error} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <LoginPage />;
  if (!media) {
    return (
      <Page title={t('meeting.prepareTitle')}>
        <MediaGate onReady={(local) => setMedia({ local })} continueLabel={t('meeting.join')} />
        <p>
          <a href="/" onClick={(event) => (event.preventDefault(), router.navigate('/'))}>
            {t('nav.dashboard')}
          </a>
        </p>
      </Page>
    );
  }
  return <MeetingSession meetingId={route.meetingId} localMedia={media.local} />;
}
