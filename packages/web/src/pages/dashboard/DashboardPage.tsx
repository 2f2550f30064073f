import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { createDashboardState } from '../../state/DashboardState.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { UserMenu } from '../../components/UserMenu.tsx';
import { CreateConsultationForm } from './CreateConsultationForm.tsx';
import { ConsultationCard } from './ConsultationCard.tsx';
import { MeetingsSection } from './MeetingsSection.tsx';

/** The clinician's overview: create consultations, see who waits (live), act on them. */
export function DashboardPage({ session }: { session: SessionView }) {
  const { api, wsUrl, i18n } = useApp();
  const t = i18n.t;
  const dashboard = useMemo(() => createDashboardState(api, wsUrl), [api, wsUrl]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    dashboard.load().catch(setError);
    return () => dashboard.close();
  }, [dashboard]);

  const waiting = dashboard.waitingCount.value;
  const consultations = dashboard.consultations.value.filter((c) => c.status !== 'ended');
  return (
    <Page
      title={t('dashboard.title')}
      documentTitle={waiting > 0 ? `(${waiting}) Samtale` : 'Samtale'}
      headerExtra={<UserMenu session={session} />}
      isWide
    >
      <p class="live-summary" aria-live="polite">
        {waiting === 0 ? t('dashboard.nobodyWaiting') : t('dashboard.waitingCount', { count: waiting })}
      </p>
      <ErrorMessage error={error} />
      {dashboard.actionError.value !== null && (
        <p class="error" role="alert">
          {i18n.error(dashboard.actionError.value)}
        </p>
      )}
      <CreateConsultationForm dashboard={dashboard} />
      <section aria-labelledby="consultations-heading">
        <h2 id="consultations-heading">{t('dashboard.consultations')}</h2>
        {consultations.length === 0 ? (
          <p>{t('dashboard.empty')}</p>
        ) : (
          <ul class="consultations">
            {consultations.map((consultation) => (
              <li key={consultation.id}>
                <ConsultationCard consultation={consultation} dashboard={dashboard} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <MeetingsSection />
    </Page>
  );
}
