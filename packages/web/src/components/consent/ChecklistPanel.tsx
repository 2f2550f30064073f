import { useEffect, useState } from 'preact/hooks';
import { ConsultationChecklist, type ChecklistItem } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { ChecklistGroups } from './ChecklistGroups.tsx';

/**
 * The organisation's checklist for this consultation (issue 9), ticked by the host: only item ids
 * and times are stored. Required items still open are listed, since they hold back the end.
 */
export function ChecklistPanel({
  consultationId,
  onEndAllowed,
}: {
  consultationId: string;
  /** Called when a tick leaves no item missing before the end. */
  onEndAllowed?: () => void;
}) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [checklist, setChecklist] = useState<ConsultationChecklist | null>(null);
  const [error, setError] = useState<unknown>(null);
  const parse = (v: unknown): ConsultationChecklist => ConsultationChecklist.parse(v);
  useEffect(() => {
    api.get(`/api/consultations/${consultationId}/checklist`, parse).then(setChecklist, setError);
  }, [api, consultationId]);
  if (checklist === null) return <ErrorMessage error={error} />;
  if (checklist.items.length === 0) return null;
  const language = i18n.language.value;
  const ticked = new Set(checklist.ticks.map((x) => x.itemId));
  const labelOf = (item: ChecklistItem): string => item.label[language];
  const toggle = (item: ChecklistItem, isTicked: boolean): void => {
    setError(null);
    api
      .post(`/api/consultations/${consultationId}/checklist/ticks`, { itemId: item.id, isTicked }, parse)
      .then((next) => {
        setChecklist(next);
        if (next.missingBeforeEnd.length === 0) onEndAllowed?.();
      }, setError);
  };
  const missing = checklist.items.filter((i) => checklist.missingBeforeEnd.includes(i.id));
  return (
    <section class="side-panel" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">{t('checklist.heading')}</h2>
      <ChecklistGroups items={checklist.items} ticked={ticked} onToggle={toggle} />
      <ErrorMessage error={error} />
      <p role="status" class={missing.length > 0 ? 'hint warning' : 'hint'}>
        {missing.length > 0
          ? t('checklist.missingBeforeEnd', { items: missing.map(labelOf).join(', ') })
          : t('checklist.readyToEnd')}
      </p>
    </section>
  );
}
