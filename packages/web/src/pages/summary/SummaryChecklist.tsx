import { useEffect, useId, useState } from 'preact/hooks';
import { ConsultationChecklist, type ChecklistItem } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ChecklistGroups } from '../../components/consent/ChecklistGroups.tsx';
import { useDayflowT } from '../../i18n/dayflow/index.ts';

/**
 * The consultation's checklist on the summary page (issue 9): the items for after the
 * consultation, and any not ticked during the call, ticked here and stored like the call's ticks
 * (item ids and times only). Reports the labels of the items still required before the journal
 * handover, which holds the handover back.
 */
export function SummaryChecklist({
  consultationId,
  onMissing,
}: {
  consultationId: string;
  onMissing: (labels: readonly string[]) => void;
}) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const dt = useDayflowT();
  const id = useId();
  const [checklist, setChecklist] = useState<ConsultationChecklist | null>(null);
  /** Items shown as boxes: fixed at the first load, so one ticked here does not jump away. */
  const [shownIds, setShownIds] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const language = i18n.language.value;
  const labelOf = (item: ChecklistItem): string => item.label[language];
  const parse = (v: unknown): ConsultationChecklist => ConsultationChecklist.parse(v);

  const show = (next: ConsultationChecklist): void => {
    setChecklist(next);
    onMissing(next.items.filter((i) => next.missingBeforeHandover.includes(i.id)).map(labelOf));
  };
  useEffect(() => {
    api.get(`/api/consultations/${consultationId}/checklist`, parse).then((loaded) => {
      const ticked = new Set(loaded.ticks.map((x) => x.itemId));
      setShownIds(new Set(loaded.items.filter((i) => i.phase === 'after' || !ticked.has(i.id)).map((i) => i.id)));
      show(loaded);
    }, setError);
  }, [api, consultationId]);

  if (checklist === null) return <ErrorMessage error={error} />;
  if (checklist.items.length === 0) return null;
  const ticked = new Set(checklist.ticks.map((x) => x.itemId));
  const toggle = (item: ChecklistItem, isTicked: boolean): void => {
    setError(null);
    api
      .post(`/api/consultations/${consultationId}/checklist/ticks`, { itemId: item.id, isTicked }, parse)
      .then(show, setError);
  };
  const tickedInCall = checklist.items.filter((i) => !shownIds.has(i.id) && ticked.has(i.id));
  const missing = checklist.items.filter((i) => checklist.missingBeforeHandover.includes(i.id));
  return (
    <section class="card summary-checklist" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('checklist.heading')}</h2>
      <p class="hint">{dt('summaryChecklist.intro')}</p>
      {tickedInCall.length > 0 && (
        <p>{dt('summaryChecklist.tickedInCall', { items: tickedInCall.map(labelOf).join(', ') })}</p>
      )}
      <ChecklistGroups items={checklist.items.filter((i) => shownIds.has(i.id))} ticked={ticked} onToggle={toggle} />
      <ErrorMessage error={error} />
      <p role="status" class={missing.length > 0 ? 'hint warning' : 'hint'}>
        {missing.length > 0
          ? dt('summaryChecklist.missing', { items: missing.map(labelOf).join(', ') })
          : dt('summaryChecklist.ready')}
      </p>
    </section>
  );
}
