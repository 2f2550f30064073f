import { useEffect, useId, useState } from 'preact/hooks';
import { BillingTable, JournalSettingsView, type BillingCode, type BillingConditions } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

type Flag = 'video' | 'evening' | 'interdisciplinary' | 'interpreter' | 'gpWithSpecialist';
const FLAGS: readonly Flag[] = ['video', 'evening', 'interdisciplinary', 'interpreter', 'gpWithSpecialist'];

const NEW_CODE: BillingCode = {
  profession: 'LE',
  code: '',
  label: '',
  conditions: {},
  source: '',
  sourceDate: new Date().toISOString().slice(0, 10),
  isConfirmed: false,
};

/** Sets or clears one optional condition, keeping the object free of undefined values. */
function withCondition<K extends keyof BillingConditions>(
  c: BillingConditions,
  key: K,
  value: BillingConditions[K] | undefined,
): BillingConditions {
  const { [key]: _old, ...rest } = c;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/** Admin: the organisation's EPJ FHIR address and billing-code table (issue 9, ADR 0019). */
export function JournalSettingsSection() {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const [view, setView] = useState<JournalSettingsView | null>(null);
  const [epjUrl, setEpjUrl] = useState('');
  const [table, setTable] = useState<BillingTable | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState('');
  const [status, setStatus] = useState('');

  const show = (v: JournalSettingsView): void => {
    setView(v);
    setEpjUrl(v.epjFhirUrl ?? '');
    setTable(v.billingTable);
  };
  useEffect(() => {
    api.get('/api/admin/journal-settings', (v) => JournalSettingsView.parse(v)).then(show, setError);
  }, [api]);
  if (!table) return <ErrorMessage error={error} />;

  const setCode = (index: number, code: BillingCode): void =>
    setTable({ ...table, codes: table.codes.map((c, i) => (i === index ? code : c)) });
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    setStatus('');
    // The same schema the server applies, so the admin learns which row to fix before sending.
    const checked = BillingTable.safeParse(table);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const path = issue?.path ?? [];
      const row =
        path[0] === 'codes' && typeof path[1] === 'number' ? t('adminJournal.row', { n: String(path[1] + 1) }) : '';
      setProblem(
        t('adminJournal.invalid', { field: [row, path.slice(row ? 2 : 0).join('.')].filter(Boolean).join(': ') }),
      );
      return;
    }
    setProblem('');
    try {
      show(
        await api.put(
          '/api/admin/journal-settings',
          { epjFhirUrl: epjUrl.trim() || null, billingTable: checked.data },
          (v) => JournalSettingsView.parse(v),
        ),
      );
      setStatus(t('adminJournal.saved'));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} class="card">
      <h2 id={`${id}-heading`}>{t('adminJournal.heading')}</h2>
      <form class="form" onSubmit={(event) => void save(event)}>
        <Field
          label={t('adminJournal.epjUrl')}
          hint={t('adminJournal.epjUrlHint')}
          value={epjUrl}
          onValue={setEpjUrl}
        />
        {view?.isDefaultTable && <p class="banner-warning">{t('adminJournal.default')}</p>}
        <div class="billing-table-head">
          <Field
            label={t('adminJournal.codeSystem')}
            value={table.codeSystem}
            onValue={(codeSystem) => setTable({ ...table, codeSystem })}
          />
          <Field
            label={t('adminJournal.eveningFrom')}
            value={table.eveningHours.from}
            onValue={(from) => setTable({ ...table, eveningHours: { ...table.eveningHours, from } })}
          />
          <Field
            label={t('adminJournal.eveningTo')}
            value={table.eveningHours.to}
            onValue={(to) => setTable({ ...table, eveningHours: { ...table.eveningHours, to } })}
          />
        </div>
        <div class="billing-rows">
          {table.codes.map((code, index) => (
            <CodeRow
              key={index}
              n={index + 1}
              code={code}
              onChange={(next) => setCode(index, next)}
              onRemove={() => setTable({ ...table, codes: table.codes.filter((_, i) => i !== index) })}
            />
          ))}
        </div>
        <div class="actions">
          <button
            type="button"
            class="button"
            onClick={() => setTable({ ...table, codes: [...table.codes, NEW_CODE] })}
          >
            {t('adminJournal.add')}
          </button>
          <button type="submit" class="button primary">
            {t('adminJournal.save')}
          </button>
        </div>
        <p class="error" role="alert">
          {problem}
        </p>
        <ErrorMessage error={error} />
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}

function CodeRow({
  n,
  code,
  onChange,
  onRemove,
}: {
  n: number;
  code: BillingCode;
  onChange: (c: BillingCode) => void;
  onRemove: () => void;
}) {
  const { i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const c = code.conditions;
  const minutes = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));
  return (
    <fieldset class="billing-row">
      <legend>
        {t('adminJournal.row', { n: String(n) })}
        {code.code ? `: ${code.code}` : ''}
      </legend>
      <Field
        label={t('adminJournal.profession')}
        value={code.profession}
        onValue={(profession) => onChange({ ...code, profession })}
      />
      <Field label={t('adminJournal.code')} value={code.code} onValue={(value) => onChange({ ...code, code: value })} />
      <Field label={t('adminJournal.label')} value={code.label} onValue={(label) => onChange({ ...code, label })} />
      {FLAGS.map((flag) => (
        <div class="field" key={flag}>
          <label for={`${id}-${flag}`}>{t(`adminJournal.condition.${flag}`)}</label>
          <select
            id={`${id}-${flag}`}
            value={c[flag] === undefined ? 'any' : c[flag] ? 'yes' : 'no'}
            onChange={(event) => {
              const v = event.currentTarget.value;
              onChange({ ...code, conditions: withCondition(c, flag, v === 'any' ? undefined : v === 'yes') });
            }}
          >
            <option value="any">{t('adminJournal.any')}</option>
            <option value="yes">{t('adminJournal.yes')}</option>
            <option value="no">{t('adminJournal.no')}</option>
          </select>
        </div>
      ))}
      <Field
        label={t('adminJournal.minDuration')}
        value={c.minDurationMinutes === undefined ? '' : String(c.minDurationMinutes)}
        onValue={(v) => onChange({ ...code, conditions: withCondition(c, 'minDurationMinutes', minutes(v)) })}
      />
      <Field
        label={t('adminJournal.maxDuration')}
        value={c.maxDurationMinutes === undefined ? '' : String(c.maxDurationMinutes)}
        onValue={(v) => onChange({ ...code, conditions: withCondition(c, 'maxDurationMinutes', minutes(v)) })}
      />
      <Field label={t('adminJournal.source')} value={code.source} onValue={(source) => onChange({ ...code, source })} />
      <Field
        label={t('adminJournal.sourceDate')}
        value={code.sourceDate}
        onValue={(sourceDate) => onChange({ ...code, sourceDate })}
      />
      <label class="checkbox">
        <input
          type="checkbox"
          checked={code.isConfirmed}
          onChange={(event) => onChange({ ...code, isConfirmed: event.currentTarget.checked })}
        />
        {t('adminJournal.isConfirmed')}
      </label>
      <button type="button" class="button" onClick={onRemove}>
        {t('adminJournal.remove', { n: String(n) })}
      </button>
    </fieldset>
  );
}
