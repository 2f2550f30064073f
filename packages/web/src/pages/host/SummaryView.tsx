import { useEffect, useState } from 'preact/hooks';
import { ConsultationSummary } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { roleKey } from '../../components/roles.ts';
import { identificationText } from '../../components/identification.ts';

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** After the end: start, end, duration and who took part, for the clinician's journal. */
export function SummaryView({ consultationId }: { consultationId: string }) {
  const { api, i18n, router } = useApp();
  const t = i18n.t;
  const [summary, setSummary] = useState<ConsultationSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get(`/api/consultations/${consultationId}/summary`, (v) => ConsultationSummary.parse(v))
      .then(setSummary, setError);
  }, [api, consultationId]);
  const dash = '–';
  return (
    <Page title={t('summary.title')}>
      <p role="status">{t('summary.ended')}</p>
      <ErrorMessage error={error} />
      {!summary && !error && <Loading />}
      {summary && (
        <div class="card">
          <dl class="summary">
            {summary.label && (
              <>
                <dt>{t('summary.label')}</dt>
                <dd>{summary.label}</dd>
              </>
            )}
            <dt>{t('summary.start')}</dt>
            <dd>{summary.startedAt ? i18n.formatDateTime(summary.startedAt) : dash}</dd>
            <dt>{t('summary.end')}</dt>
            <dd>{summary.endedAt ? i18n.formatDateTime(summary.endedAt) : dash}</dd>
            <dt>{t('summary.duration')}</dt>
            <dd>{summary.durationSeconds === null ? dash : formatDuration(summary.durationSeconds)}</dd>
          </dl>
          <h2>{t('summary.participants')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('summary.role')}</th>
                <th scope="col">{t('summary.identity')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.participants.map((p, index) => (
                <tr key={index}>
                  <td>{p.displayName}</td>
                  <td>{t(roleKey(p.role))}</td>
                  <td>{identificationText(t, p.identification)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="actions">
        {/* A full page load, not in-app routing: the summary page's own CSP allows the EPJ (ADR 0019). */}
        <a class="button primary" href={`/summary/${consultationId}`}>
          {t('journal.open')}
        </a>
      </p>
      <p>
        <a href="/" onClick={(event) => (event.preventDefault(), router.navigate('/'))}>
          {t('nav.dashboard')}
        </a>
      </p>
    </Page>
  );
}
