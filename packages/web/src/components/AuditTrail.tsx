import { useEffect, useId, useState } from 'preact/hooks';
import { AuditAction, AuditList, type AuditQuery } from '@samtale/protocol';
import { useApp } from '../state/AppState.ts';
import { Field } from './Field.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

interface Filters {
  consultationId: string;
  actor: string;
  action: string;
  /** `datetime-local` values (the browser's local time), or ''. */
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { consultationId: '', actor: '', action: '', from: '', to: '' };

/** The query string of `GET /api/audit` for these filters, from `cursor` on. */
function auditQuery(filters: Filters, cursor: string | null): string {
  const query: Record<keyof AuditQuery, string | undefined> = {
    consultationId: filters.consultationId.trim() || undefined,
    actor: filters.actor.trim() || undefined,
    action: filters.action || undefined,
    from: isoOf(filters.from),
    to: isoOf(filters.to),
    cursor: cursor ?? undefined,
    limit: undefined,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function isoOf(local: string): string | undefined {
  const date = new Date(local);
  return local === '' || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The audit trail on the admin page: filters, newest first, older pages on request. */
export function AuditTrail() {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [shown, setShown] = useState<Filters>(NO_FILTERS);
  const [events, setEvents] = useState<AuditList['events']>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const load = async (filters: Filters, cursor: string | null): Promise<void> => {
    setError(null);
    try {
      const page = await api.get(`/api/audit${auditQuery(filters, cursor)}`, (v) => AuditList.parse(v));
      const all = cursor === null ? page.events : [...events, ...page.events];
      setEvents(all);
      setNextCursor(page.nextCursor);
      setShown(filters);
      setStatus(all.length === 0 ? t('admin.noEvents') : t('admin.auditShown', { count: String(all.length) }));
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    void load(NO_FILTERS, null);
  }, []);
  const set = (key: keyof Filters) => (value: string) => setForm({ ...form, [key]: value });
  const submit = (event: Event): void => {
    event.preventDefault();
    void load(form, null);
  };
  const reset = (): void => {
    setForm(NO_FILTERS);
    void load(NO_FILTERS, null);
  };

  return (
    <section aria-labelledby="audit-heading" class="card">
      <h2 id="audit-heading">{t('admin.audit')}</h2>
      <form class="form inline-form audit-filters" aria-label={t('admin.auditFilters')} onSubmit={submit}>
        <Field label={t('admin.filterConsultation')} value={form.consultationId} onValue={set('consultationId')} />
        <Field label={t('admin.filterActor')} value={form.actor} onValue={set('actor')} />
        <div class="field">
          <label for={`${id}-action`}>{t('admin.action')}</label>
          <select id={`${id}-action`} value={form.action} onChange={(e) => set('action')(e.currentTarget.value)}>
            <option value="">{t('admin.anyAction')}</option>
            {AuditAction.options.map((action) => (
              <option key={action} value={action}>
                {t(`audit.${action}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-from`}>{t('admin.filterFrom')}</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            value={form.from}
            onInput={(e) => set('from')(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-to`}>{t('admin.filterTo')}</label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            value={form.to}
            onInput={(e) => set('to')(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {t('admin.filterSubmit')}
          </button>
          <button type="button" class="button" onClick={reset}>
            {t('admin.filterReset')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <p class="status" role="status">
        {status}
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.time')}</th>
              <th scope="col">{t('admin.action')}</th>
              <th scope="col">{t('admin.actor')}</th>
              <th scope="col">{t('admin.consultation')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const actor = event.actorUserId ?? event.actorParticipantId;
              return (
                <tr key={event.id}>
                  <td class="nowrap">{i18n.formatDateTime(event.at)}</td>
                  <td>
                    {t(`audit.${event.action}`)}
                    {event.count > 1 && (
                      <span class="audit-count">
                        {' '}
                        {t('admin.repeated', {
                          count: String(event.count),
                          time: i18n.formatDateTime(event.lastAt ?? event.at),
                        })}
                      </span>
                    )}
                  </td>
                  <td class="mono" title={actor ?? undefined}>
                    {shortId(actor)}
                  </td>
                  <td class="mono" title={event.consultationId ?? undefined}>
                    {shortId(event.consultationId)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {nextCursor !== null && (
        <button type="button" class="button" onClick={() => void load(shown, nextCursor)}>
          {t('admin.olderEvents')}
        </button>
      )}
    </section>
  );
}

function shortId(id: string | null): string {
  return id ? id.slice(0, 8) : '–';
}
