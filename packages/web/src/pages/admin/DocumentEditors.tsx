import { useEffect, useId, useState } from 'preact/hooks';
import {
  CONSENT_TEXT_MAX,
  OrganisationChecklist,
  PATIENT_INFORMATION_MAX,
  PatientTexts,
  PatientTextVersion,
  type ChecklistItem,
  type ChecklistPhase,
  type ChecklistRequirement,
  type TextLanguage,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

const LANGUAGES: readonly TextLanguage[] = ['nb', 'nn', 'en'];

/** The admin's editors of the organisation's patient texts and checklist (issue 9); loaded lazily. */
export default function DocumentEditors() {
  return (
    <>
      <PatientTextsEditor />
      <ChecklistEditor />
    </>
  );
}

function TextArea(props: {
  label: string;
  hint: string;
  value: string;
  max: number;
  rows: number;
  onValue: (v: string) => void;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <textarea
        id={id}
        rows={props.rows}
        maxLength={props.max}
        aria-describedby={`${id}-hint`}
        value={props.value}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
    </div>
  );
}

function PatientTextsEditor() {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [texts, setTexts] = useState<PatientTexts | null>(null);
  const [language, setLanguage] = useState<TextLanguage>('nb');
  const [draft, setDraft] = useState<{ information: string; consent: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    api.get('/api/admin/patient-texts', (v) => PatientTexts.parse(v)).then(setTexts, setError);
  }, [api]);
  const current = texts?.current.find((v) => v.language === language);
  useEffect(() => {
    if (current) setDraft({ information: current.information, consent: current.consent });
  }, [current?.hash]);
  if (!texts || !draft || !current) return <ErrorMessage error={error} />;
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const saved = await api.put(`/api/admin/patient-texts/${language}`, draft, (v) => PatientTextVersion.parse(v));
      setTexts({ ...texts, current: texts.current.map((v) => (v.language === language ? saved : v)) });
      setStatus(t('adminTexts.saved', { hash: saved.hash.slice(0, 12) }));
    } catch (failure) {
      setError(failure);
    }
  };
  const fallback = texts.defaults.find((d) => d.language === language);
  return (
    <section class="card" aria-labelledby="texts-heading">
      <h2 id="texts-heading">{t('adminTexts.heading')}</h2>
      <p class="hint">{t('adminTexts.intro')}</p>
      <div class="segmented" role="group" aria-label={t('language.label')}>
        {LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            class="button small"
            aria-pressed={l === language}
            onClick={() => setLanguage(l)}
          >
            {t(`language.${l}`)}
          </button>
        ))}
      </div>
      <form class="form" onSubmit={(event) => void save(event)}>
        <TextArea
          label={t('adminTexts.information')}
          hint={t('adminTexts.informationHint')}
          value={draft.information}
          max={PATIENT_INFORMATION_MAX}
          rows={12}
          onValue={(information) => setDraft({ ...draft, information })}
        />
        <TextArea
          label={t('adminTexts.consent')}
          hint={t('adminTexts.consentHint')}
          value={draft.consent}
          max={CONSENT_TEXT_MAX}
          rows={3}
          onValue={(consent) => setDraft({ ...draft, consent })}
        />
        <p class="hint">
          {t(current.isDefault ? 'adminTexts.currentDefault' : 'adminTexts.currentVersion', {
            hash: current.hash.slice(0, 12),
            time: i18n.formatDateTime(current.savedAt),
          })}
        </p>
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="submit" class="button primary">
            {t('adminTexts.save')}
          </button>
          {fallback && (
            <button
              type="button"
              class="button"
              onClick={() => setDraft({ information: fallback.information, consent: fallback.consent })}
            >
              {t('adminTexts.useDefault')}
            </button>
          )}
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}

const PHASES: readonly ChecklistPhase[] = ['before', 'during', 'after'];

function ChecklistEditor() {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [checklist, setChecklist] = useState<OrganisationChecklist | null>(null);
  const [items, setItems] = useState<ChecklistItem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const parse = (v: unknown): OrganisationChecklist => OrganisationChecklist.parse(v);
  useEffect(() => {
    api.get('/api/admin/checklist', parse).then((c) => {
      setChecklist(c);
      setItems(c.current.items);
    }, setError);
  }, [api]);
  if (!checklist) return <ErrorMessage error={error} />;
  const change = (index: number, next: ChecklistItem): void =>
    setItems(items.map((item, i) => (i === index ? next : item)));
  const add = (): void =>
    setItems([
      ...items,
      {
        id: `item-${Date.now().toString(36)}`,
        phase: 'during',
        label: { nb: '', nn: '', en: '' },
        requiredBefore: null,
      },
    ]);
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const saved = await api.put('/api/admin/checklist', { items }, parse);
      setChecklist(saved);
      setItems(saved.current.items);
      setStatus(t('adminTexts.saved', { hash: saved.current.hash.slice(0, 12) }));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby="checklist-editor-heading">
      <h2 id="checklist-editor-heading">{t('adminChecklist.heading')}</h2>
      <p class="hint">{t('adminChecklist.intro')}</p>
      <form class="form" onSubmit={(event) => void save(event)}>
        <ol class="checklist-editor">
          {items.map((item, index) => (
            <li key={item.id}>
              <fieldset>
                <legend>{t('adminChecklist.item', { number: index + 1 })}</legend>
                {LANGUAGES.map((l) => (
                  <label key={l} class="field">
                    <span>{t('adminChecklist.label', { language: t(`language.${l}`) })}</span>
                    <input
                      type="text"
                      maxLength={200}
                      required
                      value={item.label[l]}
                      onInput={(event) =>
                        change(index, { ...item, label: { ...item.label, [l]: event.currentTarget.value } })
                      }
                    />
                  </label>
                ))}
                <label class="field">
                  <span>{t('adminChecklist.phase')}</span>
                  <select
                    value={item.phase}
                    onChange={(event) => change(index, { ...item, phase: event.currentTarget.value as ChecklistPhase })}
                  >
                    {PHASES.map((p) => (
                      <option key={p} value={p}>
                        {t(`checklist.phase.${p}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span>{t('adminChecklist.required')}</span>
                  <select
                    value={item.requiredBefore ?? ''}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      change(index, { ...item, requiredBefore: value === '' ? null : (value as ChecklistRequirement) });
                    }}
                  >
                    <option value="">{t('adminChecklist.notRequired')}</option>
                    <option value="end">{t('checklist.requiredBefore.end')}</option>
                    <option value="handover">{t('checklist.requiredBefore.handover')}</option>
                  </select>
                </label>
                <button
                  type="button"
                  class="button small danger-outline"
                  onClick={() => setItems(items.filter((_, i) => i !== index))}
                >
                  {t('adminChecklist.remove', { number: index + 1 })}
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="button" class="button" onClick={add}>
            {t('adminChecklist.add')}
          </button>
          <button type="button" class="button" onClick={() => setItems(checklist.defaultItems)}>
            {t('adminChecklist.useDefault')}
          </button>
          <button type="submit" class="button primary">
            {t('adminChecklist.save')}
          </button>
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </form>
    </section>
  );
}
