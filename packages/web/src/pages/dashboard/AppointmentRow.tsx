import { useState } from 'preact/hooks';
import type { AppointmentStatus, AppointmentView } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { DashboardState } from '../../state/DashboardState.ts';
import { ADMIT_ON_OPEN_KEY } from '../../state/admit-on-open.ts';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useDayflowT } from '../../i18n/dayflow/index.ts';
import { WaitingEntryRow } from './WaitingEntryRow.tsx';

/**
 * The status to show at `now`: the server's, except that a time that passed with nobody there
 * reads "did not attend" without waiting for the next dashboard message.
 */
export function shownStatus(a: AppointmentView, now: Date): AppointmentStatus {
  const isQuiet = ['booked', 'invited', 'link-opened', 'equipment-tested'].includes(a.status);
  return isQuiet && now.getTime() >= new Date(a.endsAt).getTime() ? 'not-attended' : a.status;
}

function toLocalInputs(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

type Panel = 'none' | 'move' | 'cancel';

/** One appointment of the day view: time, note, live status, the e-mail's delivery, and what can be done. */
export function AppointmentRow({
  appointment: a,
  dashboard,
  now,
}: {
  appointment: AppointmentView;
  dashboard: DashboardState;
  now: Date;
}) {
  const { i18n, router } = useApp();
  const t = i18n.t;
  const dt = useDayflowT();
  const [panel, setPanel] = useState<Panel>('none');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const initial = toLocalInputs(a.startsAt);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const start = i18n.formatTime(a.startsAt);
  const range = t('appointments.timeRange', { start, end: i18n.formatTime(a.endsAt) });
  const status = shownStatus(a, now);
  const title = a.label ?? t('appointments.untitled');
  const headingId = `appointment-${a.id}`;
  const link = dashboard.links.value.find((l) => l.consultationId === a.consultationId);
  const isLive = status !== 'cancelled' && status !== 'ended';
  const firstWaiting = a.waiting[0];

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setPanel('none');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const openCall = (admitParticipantId?: string): void => {
    if (admitParticipantId) sessionStorage.setItem(ADMIT_ON_OPEN_KEY, admitParticipantId);
    router.navigate(`/c/${a.consultationId}`);
  };

  return (
    <article class={`card appointment appointment-${status}`} aria-labelledby={headingId}>
      <header class="appointment-header">
        <p class="appointment-time">
          <time dateTime={a.startsAt}>{range}</time>
        </p>
        <h3 id={headingId}>
          {title} <span class="hint">· {t(`kind.${a.kind}`)}</span>
        </h3>
        <span class={`badge badge-appt-${status}`}>
          {status === 'waiting' && firstWaiting
            ? t('apptStatus.waiting', { time: i18n.formatTime(firstWaiting.waitingSince) })
            : status === 'equipment-tested'
              ? dt('apptStatus.equipmentTested')
              : t(`apptStatus.${status}`)}
        </span>
      </header>
      <p class="hint appointment-contact">
        {a.contact.isErased
          ? t('appointments.contactErased')
          : [a.contact.email, a.contact.phone].filter((c) => c !== null).join(' · ')}
      </p>
      <p class={`hint delivery delivery-${a.email?.status ?? 'none'}`}>
        {a.email === null
          ? t('delivery.none')
          : a.email.status === 'failed'
            ? t('delivery.failed', { reason: a.email.reason ?? '' })
            : a.email.status === 'sent'
              ? `${t('delivery.sent', { time: i18n.formatTime(a.email.at) })} (${t(`delivery.purpose.${a.email.purpose}`)})`
              : t(`delivery.${a.email.status}`)}
      </p>
      {a.sms !== null && (
        <p class={`hint delivery delivery-${a.sms.status}`}>
          {a.sms.status === 'failed'
            ? t('smsDelivery.failed', { reason: a.sms.reason ?? '' })
            : a.sms.status === 'sent'
              ? `${t('smsDelivery.sent', { time: i18n.formatTime(a.sms.at) })} (${t(`delivery.purpose.${a.sms.purpose}`)})`
              : t(`smsDelivery.${a.sms.status}`)}
        </p>
      )}
      {a.equipmentTest !== null && (
        <p class={`hint equipment-report equipment-report-${a.equipmentTest.verdict}`}>
          {dt(`equipmentTest.${a.equipmentTest.verdict}`, { time: i18n.formatTime(a.equipmentTest.at) })}
        </p>
      )}
      {link && isLive && (
        <CopyLink
          label={t('link.forRole', { role: t('role.patient') })}
          url={link.invitation.url}
          expiresAt={link.invitation.expiresAt}
        />
      )}
      {a.waiting.length > 0 && (
        <ul class="waiting-list" aria-label={t('waiting.listLabel', { title })}>
          {a.waiting.map((entry) => (
            <WaitingEntryRow
              key={entry.participantId}
              entry={entry}
              onAdmit={() => openCall(entry.participantId)}
              onMessage={(text) => dashboard.act({ type: 'messageWaiting', participantId: entry.participantId, text })}
              onDecline={(reason) =>
                dashboard.act({ type: 'decline', participantId: entry.participantId, ...(reason ? { reason } : {}) })
              }
            />
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
      {status === 'ended' && (
        <div class="actions">
          {/* A full page load: the summary page's own CSP allows the EPJ (ADR 0019). */}
          <a class="button primary" href={`/summary/${a.consultationId}`}>
            {t('journal.open')}
          </a>
        </div>
      )}
      {isLive && (
        <div class="actions">
          <button
            type="button"
            class="button primary"
            onClick={() => openCall()}
            aria-label={t('appointments.openNamed', { time: start })}
          >
            {t('consultation.open')}
          </button>
          {(a.email?.status === 'failed' || a.sms?.status === 'failed') && (
            <button
              type="button"
              class="button"
              disabled={isBusy}
              onClick={() => void run(() => dashboard.resend(a.id))}
            >
              {t('appointments.resend')}
            </button>
          )}
          <button
            type="button"
            class="button"
            aria-expanded={panel === 'move'}
            aria-label={t('appointments.rescheduleNamed', { time: start })}
            onClick={() => setPanel(panel === 'move' ? 'none' : 'move')}
          >
            {t('appointments.reschedule')}
          </button>
          <button
            type="button"
            class="button danger-outline"
            aria-expanded={panel === 'cancel'}
            aria-label={t('appointments.cancelNamed', { time: start })}
            onClick={() => setPanel(panel === 'cancel' ? 'none' : 'cancel')}
          >
            {t('appointments.cancel')}
          </button>
        </div>
      )}
      {panel === 'move' && (
        <form
          class="form inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() =>
              dashboard.reschedule(a.id, {
                startsAt: new Date(`${date}T${time}`).toISOString(),
                durationMinutes: a.durationMinutes,
              }),
            );
          }}
        >
          <div class="field">
            <label for={`${headingId}-date`}>{t('book.date')}</label>
            <input
              id={`${headingId}-date`}
              type="date"
              required
              value={date}
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`${headingId}-time`}>{t('book.time')}</label>
            <input
              id={`${headingId}-time`}
              type="time"
              required
              value={time}
              onInput={(e) => setTime(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button primary" disabled={isBusy}>
            {t('appointments.saveMove')}
          </button>
        </form>
      )}
      {panel === 'cancel' && (
        <div class="actions">
          <button
            type="button"
            class="button danger"
            disabled={isBusy}
            onClick={() => void run(() => dashboard.cancel(a.id))}
          >
            {t('appointments.confirmCancel')}
          </button>
          <button type="button" class="button" onClick={() => setPanel('none')}>
            {t('appointments.keep')}
          </button>
        </div>
      )}
    </article>
  );
}
