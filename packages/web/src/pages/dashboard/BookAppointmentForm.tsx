import { useEffect, useId, useState } from 'preact/hooks';
import {
  AppointmentKind,
  PatientLanguage,
  UserList,
  type ErrorCode,
  type SessionView,
  type UserView,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { DashboardState } from '../../state/DashboardState.ts';
import { ApiRequestError } from '../../api/ApiClient.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Field } from '../../components/Field.tsx';

const DURATIONS = [10, 15, 20, 30, 45, 60, 90];
const LANGUAGE_NAMES: Record<PatientLanguage, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

/** `yyyy-mm-dd` and `hh:mm` of the next quarter hour, in the browser's time zone. */
function nextQuarter(now: Date): { date: string; time: string } {
  const at = new Date(now.getTime() + 15 * 60_000);
  at.setMinutes(Math.ceil(at.getMinutes() / 15) * 15, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

function codeOf(error: unknown): ErrorCode | 'NETWORK' | null {
  return error instanceof ApiRequestError ? error.code : null;
}

/** The clinicians an admin may book for (issue 9: "an admin for a clinician"); empty for others. */
function useBookableClinicians(session: SessionView): UserView[] {
  const { api } = useApp();
  const [clinicians, setClinicians] = useState<UserView[]>([]);
  const isAdmin = session.user.role === 'admin';
  useEffect(() => {
    if (!isAdmin) return;
    let isCurrent = true;
    api
      .get('/api/users', (v) => UserList.parse(v))
      .then(
        (list) => {
          if (isCurrent) setClinicians(list.users.filter((u) => u.role === 'clinician' && u.id !== session.user.id));
        },
        // Without the list the admin books for themselves, as before.
        () => undefined,
      );
    return () => {
      isCurrent = false;
    };
  }, [api, isAdmin, session.user.id]);
  return clinicians;
}

/**
 * Books an appointment: for whom (admins choose the clinician), when, how long, what kind, a
 * note for the clinician, the patient's contact and the invitation's language. A refusal is
 * shown by code and the form keeps what was typed; the field at fault is marked invalid.
 */
export function BookAppointmentForm({ dashboard, session }: { dashboard: DashboardState; session: SessionView }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const clinicians = useBookableClinicians(session);
  const [clinicianUserId, setClinicianUserId] = useState(session.user.id);
  const initial = nextQuarter(new Date());
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [duration, setDuration] = useState(20);
  const [kind, setKind] = useState<AppointmentKind>('follow-up');
  const [label, setLabel] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<PatientLanguage>(i18n.language.value);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [isBusy, setBusy] = useState(false);
  const code = codeOf(error);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const startsAt = new Date(`${date}T${time}`);
      await dashboard.book({
        startsAt: Number.isNaN(startsAt.getTime()) ? `${date}T${time}` : startsAt.toISOString(),
        durationMinutes: duration,
        kind,
        ...(label.trim() === '' ? {} : { label: label.trim() }),
        contact: {
          ...(email.trim() === '' ? {} : { email: email.trim() }),
          ...(phone.trim() === '' ? {} : { phone: phone.trim() }),
        },
        language,
        ...(clinicianUserId === session.user.id ? {} : { clinicianUserId }),
      });
      setLabel('');
      setEmail('');
      setPhone('');
      const other = clinicians.find((c) => c.id === clinicianUserId);
      setStatus(other === undefined ? t('book.booked') : t('book.bookedFor', { name: other.displayName }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const isTimeInvalid = code === 'APPOINTMENT_IN_PAST' || code === 'APPOINTMENT_OVERLAP';
  const isContactMissing = code === 'CONTACT_REQUIRED';
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('book.heading')}</h2>
      <form class="form booking-form" onSubmit={(event) => void submit(event)}>
        {clinicians.length > 0 && (
          <div class="field">
            <label for={`${id}-clinician`}>{t('book.clinician')}</label>
            <select
              id={`${id}-clinician`}
              value={clinicianUserId}
              aria-invalid={code === 'CLINICIAN_NOT_FOUND' || code === 'FORBIDDEN'}
              onChange={(e) => setClinicianUserId(e.currentTarget.value)}
            >
              <option value={session.user.id}>{t('book.clinicianSelf', { name: session.user.displayName })}</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="booking-row">
          <div class="field">
            <label for={`${id}-date`}>{t('book.date')}</label>
            <input
              id={`${id}-date`}
              type="date"
              required
              value={date}
              aria-invalid={isTimeInvalid}
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`${id}-time`}>{t('book.time')}</label>
            <input
              id={`${id}-time`}
              type="time"
              required
              value={time}
              aria-invalid={isTimeInvalid}
              onInput={(e) => setTime(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for={`${id}-duration`}>{t('book.duration')}</label>
            <select id={`${id}-duration`} value={duration} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
              {DURATIONS.map((d) => (
                <option key={d} value={d}>
                  {t('book.minutes', { count: d })}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${id}-kind`}>{t('book.kind')}</label>
            <select
              id={`${id}-kind`}
              value={kind}
              onChange={(e) => setKind(AppointmentKind.parse(e.currentTarget.value))}
            >
              {AppointmentKind.options.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Field label={t('book.label')} hint={t('book.labelHint')} maxLength={100} value={label} onValue={setLabel} />
        <fieldset class="contact-fields" aria-describedby={`${id}-contact-hint`}>
          <legend>{t('book.contact')}</legend>
          <p id={`${id}-contact-hint`} class="hint">
            {t('book.contactHint')}
          </p>
          <div class="booking-row">
            <Field
              label={t('book.email')}
              type="email"
              autocomplete="off"
              maxLength={254}
              value={email}
              onValue={setEmail}
              isInvalid={code === 'EMAIL_INVALID' || isContactMissing}
            />
            <div class="field">
              <label for={`${id}-phone`}>{t('book.phone')}</label>
              <input
                id={`${id}-phone`}
                type="tel"
                autocomplete="off"
                maxLength={32}
                value={phone}
                aria-invalid={code === 'PHONE_INVALID' || isContactMissing}
                onInput={(e) => setPhone(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={`${id}-language`}>{t('book.language')}</label>
              <select
                id={`${id}-language`}
                value={language}
                onChange={(e) => setLanguage(PatientLanguage.parse(e.currentTarget.value))}
              >
                {PatientLanguage.options.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="button primary" disabled={isBusy}>
            {t('book.submit')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <p class="status" role="status">
        {status}
      </p>
    </section>
  );
}
