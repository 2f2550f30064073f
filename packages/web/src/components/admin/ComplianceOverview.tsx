import { useEffect, useId, useState } from 'preact/hooks';
import { ComplianceReport, type ComplianceCheck } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import type { Params } from '../../i18n/I18n.ts';
import type { MessageKey } from '../../i18n/nb.ts';
import { isAdminIdentityKey, useAdminIdentityT } from '../../i18n/admin-identity/index.ts';

/** Checks whose detail is a time (shown in the user's language). */
const TIME_DETAILS = new Set<ComplianceCheck['id']>(['lastPurge']);

/** "Samsvar": what this installation has configured and what is missing (docs/COMPLIANCE.md), live. */
export function ComplianceOverview({ refreshKey }: { refreshKey: number }) {
  const { api, i18n } = useApp();
  const it = useAdminIdentityT();
  // The identity checks (issue 8) keep their texts in the identity admin dictionary.
  const t = (key: `compliance.${string}`, params?: Params): string =>
    isAdminIdentityKey(key) ? it(key, params) : i18n.t(key as MessageKey, params);
  const id = useId();
  const [report, setReport] = useState<ComplianceReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get('/api/admin/compliance', (v) => ComplianceReport.parse(v))
      .then(setReport)
      .catch(setError);
  }, [api, refreshKey]);

  return (
    <section aria-labelledby={`${id}-heading`} class="card" id="samsvar">
      <h2 id={`${id}-heading`}>{t('compliance.title')}</h2>
      <p class="hint">{t('compliance.intro')}</p>
      <ErrorMessage error={error} />
      {report !== null && (
        <ul class="compliance-list" aria-live="polite">
          {report.checks.map((check) => (
            <li key={check.id} class={`compliance-${check.state}`}>
              <span class={`badge compliance-badge-${check.state}`}>{t(`compliance.state.${check.state}`)}</span>{' '}
              <strong>{t(`compliance.check.${check.id}`)}</strong>
              <span class="hint">
                {' '}
                {t(`compliance.${check.id}.${check.state}`, {
                  detail:
                    check.detail === undefined
                      ? ''
                      : TIME_DETAILS.has(check.id)
                        ? i18n.formatDateTime(check.detail)
                        : check.detail,
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
