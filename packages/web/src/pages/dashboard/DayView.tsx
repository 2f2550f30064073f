import { useEffect, useState } from 'preact/hooks';
import type { AppointmentView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { DashboardState } from '../../state/DashboardState.ts';
import { AppointmentRow } from './AppointmentRow.tsx';

/** The current time, refreshed every 30 s (a time passing changes what the day view shows). */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** Today's appointments, then the next six days' grouped by day, each in time order. */
export function DayView({ dashboard }: { dashboard: DashboardState }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const now = useNow();
  const appointments = dashboard.appointments.value;
  const today = dayKey(now);
  const todays = appointments.filter((a) => dayKey(new Date(a.startsAt)) === today);
  const later = new Map<string, AppointmentView[]>();
  for (const a of appointments) {
    const key = dayKey(new Date(a.startsAt));
    if (key === today) continue;
    later.set(key, [...(later.get(key) ?? []), a]);
  }
  const dayName = (iso: string) =>
    new Date(iso).toLocaleDateString(i18n.language.value === 'en' ? 'en-GB' : `${i18n.language.value}-NO`, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    });

  return (
    <>
      <section aria-labelledby="today-heading" class="day-view">
        <h2 id="today-heading">{t('appointments.todayHeading')}</h2>
        {todays.length === 0 ? (
          <p>{t('appointments.noneToday')}</p>
        ) : (
          <ol class="appointments">
            {todays.map((a) => (
              <li key={a.id}>
                <AppointmentRow appointment={a} dashboard={dashboard} now={now} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="week-heading" class="day-view">
        <h2 id="week-heading">{t('appointments.weekHeading')}</h2>
        {later.size === 0 ? (
          <p>{t('appointments.noneWeek')}</p>
        ) : (
          [...later.values()].map((day) => {
            const first = day[0];
            if (first === undefined) return null;
            const name = dayName(first.startsAt);
            return (
              <section key={first.startsAt} aria-label={t('appointments.listLabel', { day: name })}>
                <h3 class="day-heading">{name}</h3>
                <ol class="appointments">
                  {day.map((a) => (
                    <li key={a.id}>
                      <AppointmentRow appointment={a} dashboard={dashboard} now={now} />
                    </li>
                  ))}
                </ol>
              </section>
            );
          })
        )}
      </section>
    </>
  );
}
