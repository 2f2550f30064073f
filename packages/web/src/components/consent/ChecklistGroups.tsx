import type { ChecklistItem, ChecklistPhase } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';

const PHASES: readonly ChecklistPhase[] = ['before', 'during', 'after'];

interface Props {
  /** The items to show as tick boxes, in the organisation's order. */
  items: readonly ChecklistItem[];
  ticked: ReadonlySet<string>;
  onToggle: (item: ChecklistItem, isTicked: boolean) => void;
}

/** A checklist's items as tick boxes grouped by phase (before, during, after), each saying what it is required before. */
export function ChecklistGroups({ items, ticked, onToggle }: Props) {
  const { i18n } = useApp();
  const t = i18n.t;
  const language = i18n.language.value;
  return (
    <>
      {PHASES.map((phase) => {
        const inPhase = items.filter((i) => i.phase === phase);
        if (inPhase.length === 0) return null;
        return (
          <fieldset key={phase} class="checklist-group">
            <legend>{t(`checklist.phase.${phase}`)}</legend>
            {inPhase.map((item) => (
              <label key={item.id} class="checkbox">
                <input
                  type="checkbox"
                  checked={ticked.has(item.id)}
                  onChange={(event) => onToggle(item, event.currentTarget.checked)}
                />
                <span>
                  {item.label[language]}
                  {item.requiredBefore !== null && (
                    <span class="required-note"> ({t(`checklist.requiredBefore.${item.requiredBefore}`)})</span>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}
