import { useEffect, useState } from 'preact/hooks';
import { JournalFacts, type SessionView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { Route } from '../../state/Router.ts';
import { Loading } from '../../components/Loading.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Page } from '../../components/Page.tsx';
import { UserMenu } from '../../components/UserMenu.tsx';
import { LoginPage } from '../LoginPage.tsx';
import { JournalSummary } from './JournalSummary.tsx';

/**
 * `/summary/:consultationId`: the host writes the journal note and hands the FHIR summary over.
 * Always loaded as a page of its own, so its CSP (which allows the organisation's EPJ) applies.
 */
export default function SummaryPage({ route }: { route: Route }) {
  const { auth, api, i18n } = useApp();
  const t = i18n.t;
  const [error, setError] = useState<unknown>(null);
  const [facts, setFacts] = useState<JournalFacts | null>(null);
  const session: SessionView | null | undefined = auth.session.value;
  const consultationId = route.name === 'summary' ? route.consultationId : null;
  useEffect(() => {
    if (session === undefined) auth.load().catch(setError);
  }, [session, auth]);
  useEffect(() => {
    if (!session || !consultationId) return;
    api
      .get(`/api/consultations/${consultationId}/journal-facts`, (v) => JournalFacts.parse(v))
      .then(setFacts, setError);
  }, [api, session, consultationId]);
  if (!consultationId) return null;
  if (session === undefined) return error ? <ErrorMessage error={error} /> : <Loading />;
  if (session === null) return <LoginPage />;
  return (
    <Page title={t('journal.title')} headerExtra={<UserMenu session={session} />} isWide>
      <ErrorMessage error={error} />
      {!facts && !error && <Loading />}
      {facts && <JournalSummary facts={facts} />}
      <p>
        <a href="/">{t('nav.dashboard')}</a>
      </p>
    </Page>
  );
}
