import { useId } from 'preact/hooks';
import type { BillingCode, BillingTable } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { BillingFacts } from '../../journal/billing-match.ts';
import { codeKey } from '../../journal/draft-store.ts';

interface BillingCodesProps {
  table: BillingTable;
  facts: BillingFacts;
  suggested: readonly BillingCode[];
  chosen: ReadonlySet<string>;
  isConfirmed: boolean;
  onFacts: (facts: BillingFacts) => void;
  onChosen: (chosen: ReadonlySet<string>) => void;
  onConfirm: () => void;
}

type FlagName = 'hasInterpreter' | 'isInterdisciplinary' | 'isGpWithSpecialist' | 'isEvening';
/** HPR categories with a name of their own in the UI; others show their code. */
const NAMED_PROFESSIONS = ['LE', 'FT', 'PS', 'SP'] as const;
const isNamed = (p: string): p is (typeof NAMED_PROFESSIONS)[number] =>
  (NAMED_PROFESSIONS as readonly string[]).includes(p);

const FLAGS: readonly {
  name: FlagName;
  key: 'billing.interpreter' | 'billing.interdisciplinary' | 'billing.gpWithSpecialist' | 'billing.evening';
}[] = [
  { name: 'hasInterpreter', key: 'billing.interpreter' },
  { name: 'isInterdisciplinary', key: 'billing.interdisciplinary' },
  { name: 'isGpWithSpecialist', key: 'billing.gpWithSpecialist' },
  { name: 'isEvening', key: 'billing.evening' },
];

/** The suggested codes for the consultation's facts; the clinician corrects the facts, picks and confirms. */
export function BillingCodes(props: BillingCodesProps) {
  const { table, facts, suggested, chosen, isConfirmed } = props;
  const { i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const professions = [...new Set(table.codes.map((c) => c.profession))];
  const forProfession = table.codes.filter((c) => c.profession === facts.profession);
  const suggestedKeys = new Set(suggested.map(codeKey));
  const chosenCodes = forProfession.filter((c) => chosen.has(codeKey(c)));
  const toggle = (code: BillingCode, isOn: boolean): void => {
    const next = new Set(chosen);
    if (isOn) next.add(codeKey(code));
    else next.delete(codeKey(code));
    props.onChosen(next);
  };
  return (
    <section class="card form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('billing.heading')}</h2>
      <div class="field">
        <label for={`${id}-profession`}>{t('billing.profession')}</label>
        <select
          id={`${id}-profession`}
          value={facts.profession ?? ''}
          onChange={(event) => props.onFacts({ ...facts, profession: event.currentTarget.value || null })}
        >
          <option value="">{t('billing.professionNone')}</option>
          {professions.map((p) => (
            <option key={p} value={p}>
              {isNamed(p) ? `${t(`profession.${p}`)} (${p})` : p}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('billing.facts')}</legend>
        <p class="hint">{t('billing.duration', { minutes: String(facts.durationMinutes) })}</p>
        {FLAGS.map((flag) => (
          <label key={flag.name} class="checkbox">
            <input
              type="checkbox"
              checked={facts[flag.name]}
              onChange={(event) => props.onFacts({ ...facts, [flag.name]: event.currentTarget.checked })}
            />
            {t(flag.key)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('billing.heading')}</legend>
        {facts.profession !== null && suggested.length === 0 && <p class="hint">{t('billing.none')}</p>}
        {forProfession.map((code) => (
          <div key={codeKey(code)} class="billing-choice">
            <label class="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(codeKey(code))}
                onChange={(event) => toggle(code, event.currentTarget.checked)}
              />
              <span>
                <strong class="mono">{code.code}</strong> {code.label}
              </span>
            </label>
            <p class="hint">
              {suggestedKeys.has(codeKey(code)) && <span class="badge badge-active">{t('billing.suggested')}</span>}{' '}
              {!code.isConfirmed && <span class="badge badge-warning">{t('billing.unconfirmed')}</span>}{' '}
              {t('billing.source', { source: code.source, date: code.sourceDate })}
            </p>
          </div>
        ))}
      </fieldset>
      <div class="actions">
        <button type="button" class="button" onClick={props.onConfirm}>
          {t('billing.confirm')}
        </button>
      </div>
      <p class="status" role="status">
        {isConfirmed
          ? chosenCodes.length > 0
            ? t('billing.confirmed', { codes: chosenCodes.map((c) => c.code).join(', ') })
            : t('billing.confirmedNone')
          : ''}
      </p>
    </section>
  );
}
