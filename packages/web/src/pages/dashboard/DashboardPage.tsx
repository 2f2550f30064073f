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
import { BookAppointmentForm } from './BookAppointmentForm.tsx';
import { DayView } from './DayView.tsx';
import { AlertSettings } from './AlertSettings.tsx';
import { useWaitingAlerts, waitersOf } from './waiting-alerts.ts';
import { useWaitingAnnouncements } from '../../components/LiveAnnouncer.tsx';
import { useLiveT } from '../../i18n/live/index.ts';

/**
 * The clinician's day: today's and the week's appointments with live status, the ad-hoc
 * consultations, who waits (with a chime, the tab title and a desktop notification), and meetings.
 */
export function DashboardPage({ session }: { session: SessionView }) {
  const { api, wsUrl, i18n } = useApp();
  const t = i18n.t;
  const dashboard = useMemo(() => createDashboardState(api, wsUrl), [api, wsUrl]);
  const [error, setError] = useState<unknown>(null);
  const [isLoaded, setLoaded] = useState(false);
  useEffect(() => {
    dashboard.load().then(() => setLoaded(true), setError);
    return () => dashboard.close();
  }, [dashboard]);
  const alerts = useWaitingAlerts(
    waitersOf(dashboard.consultations.value, dashboard.appointments.value),
    isLoaded,
    (w) => ({
      title: t('alerts.notificationTitle'),
      body:
        w.appointmentStartsAt === null
          ? t('alerts.notificationAdHoc')
          : t('alerts.notificationAppointment', { time: i18n.formatTime(w.appointmentStartsAt) }),
    }),
  );

  const lt = useLiveT();
  useWaitingAnnouncements(
    [...dashboard.consultations.value, ...dashboard.appointments.value].flatMap((c) => c.waiting),
    isLoaded,
    (name) => lt('live.newWaiting', { name }),
  );
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
      <AlertSettings alerts={alerts} />
      <DayView dashboard={dashboard} />
      <BookAppointmentForm dashboard={dashboard} session={session} />
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
