import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import type { JournalFacts } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { roleKey } from '../../components/roles.ts';
import { billingFactsOf, durationMinutes, suggestCodes, type BillingFacts } from '../../journal/billing-match.ts';
import { DOCUMENT_TYPES, type DocumentTypeCode } from '../../journal/document-types.ts';
import { codeKey, discardDraft, loadDraft, saveDraft } from '../../journal/draft-store.ts';
import type { JournalDraft } from '../../journal/fhir-bundle.ts';
import { parsePersonIdentifier } from '../../journal/norwegian-id.ts';
import { BillingCodes } from './BillingCodes.tsx';
import { Handover } from './Handover.tsx';
import { SummaryChecklist } from './SummaryChecklist.tsx';

/**
 * The summary page's one owner of the draft: the note, its document type, the patient's number
 * and the chosen codes live here (and the draft, without the number, in sessionStorage).
 */
export function JournalSummary({ facts }: { facts: JournalFacts }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const stored = useMemo(() => loadDraft(sessionStorage, facts.consultationId), [facts.consultationId]);
  const [note, setNote] = useState(stored?.note ?? '');
  const [documentType, setDocumentType] = useState<DocumentTypeCode>(stored?.documentType ?? 'B02-2');
  const [patientIdText, setPatientIdText] = useState('');
  const [billingFacts, setBillingFacts] = useState<BillingFacts>(() => billingFactsOf(facts, new Date()));
  const suggested = useMemo(() => suggestCodes(facts.billingTable, billingFacts), [facts.billingTable, billingFacts]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(stored?.codeKeys.length ? stored.codeKeys : suggested.map(codeKey)),
  );
  const [isConfirmed, setIsConfirmed] = useState(false);
  const [status, setStatus] = useState('');
  /** The checklist's items still required before the handover (their labels). */
  const [checklistMissing, setChecklistMissing] = useState<readonly string[]>([]);

  useEffect(() => {
    saveDraft(sessionStorage, facts.consultationId, { note, documentType, codeKeys: [...chosen] });
  }, [facts.consultationId, note, documentType, chosen]);

  const patientIdentifier = patientIdText.trim() === '' ? null : parsePersonIdentifier(patientIdText);
  const isPatientIdInvalid = patientIdText.trim() !== '' && patientIdentifier === null;
  const draft: JournalDraft = {
    note,
    documentType,
    patientIdentifier,
    codes: facts.billingTable.codes.filter((c) => chosen.has(codeKey(c))),
  };

  const changeFacts = (next: BillingFacts): void => {
    setBillingFacts(next);
    setChosen(new Set(suggestCodes(facts.billingTable, next).map(codeKey)));
    setIsConfirmed(false);
  };
  const changeChosen = (next: ReadonlySet<string>): void => {
    setChosen(next);
    setIsConfirmed(false);
  };
  const discard = (): void => {
    discardDraft(sessionStorage, facts.consultationId);
    setNote('');
    setPatientIdText('');
    setStatus(t('journal.discarded'));
  };

  const start = facts.startedAt ?? facts.appointment?.startsAt ?? null;
  const others = facts.participants;
  return (
    <div class="journal">
      <p class="banner banner-info">{t('journal.privacy')}</p>
      <section class="card" aria-labelledby={`${id}-facts`}>
        <h2 id={`${id}-facts`}>{t('journal.facts')}</h2>
        <dl class="summary">
          <dt>{t('journal.time')}</dt>
          <dd>
            {start ? i18n.formatDateTime(start) : '–'}
            {facts.endedAt ? ` – ${i18n.formatTime(facts.endedAt)}` : ` (${t('journal.inProgress')})`}
            {start && facts.endedAt
              ? ` · ${t('billing.duration', { minutes: String(durationMinutes(new Date(start), new Date(facts.endedAt))) })}`
              : ''}
          </dd>
          <dt>{t('journal.clinician')}</dt>
          <dd>
            {facts.host.displayName}
            {facts.host.hprNumber ? ` (HPR ${facts.host.hprNumber})` : ''}
          </dd>
          {others.length > 0 && (
            <>
              <dt>{t('journal.others')}</dt>
              <dd>{others.map((p) => `${p.displayName} (${t(roleKey(p.role))})`).join(', ')}</dd>
            </>
          )}
        </dl>
      </section>

      <section class="card form" aria-labelledby={`${id}-note`}>
        <h2 id={`${id}-note`}>{t('journal.note')}</h2>
        <div class="field">
          <label for={`${id}-note-text`}>{t('journal.note')}</label>
          <p id={`${id}-note-hint`} class="hint">
            {t('journal.noteHint')}
          </p>
          <textarea
            id={`${id}-note-text`}
            rows={10}
            aria-describedby={`${id}-note-hint`}
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-doctype`}>{t('journal.documentType')}</label>
          <select
            id={`${id}-doctype`}
            value={documentType}
            onChange={(event) => setDocumentType(event.currentTarget.value as DocumentTypeCode)}
          >
            {DOCUMENT_TYPES.map((type) => (
              <option key={type.code} value={type.code}>
                {type.display} ({type.code})
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-pid`}>{t('journal.patientId')}</label>
          <p id={`${id}-pid-hint`} class="hint">
            {t('journal.patientIdHint')}
          </p>
          <input
            id={`${id}-pid`}
            inputMode="numeric"
            autocomplete="off"
            maxLength={13}
            aria-describedby={`${id}-pid-hint${isPatientIdInvalid ? ` ${id}-pid-error` : ''}`}
            aria-invalid={isPatientIdInvalid}
            value={patientIdText}
            onInput={(event) => setPatientIdText(event.currentTarget.value)}
          />
          {isPatientIdInvalid && (
            <p id={`${id}-pid-error`} class="error">
              {t('journal.patientIdInvalid')}
            </p>
          )}
        </div>
        <p class="hint">{t('journal.draftKept')}</p>
        <div class="actions">
          <button type="button" class="button" onClick={discard}>
            {t('journal.discard')}
          </button>
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </section>

      <SummaryChecklist consultationId={facts.consultationId} onMissing={setChecklistMissing} />

      <BillingCodes
        table={facts.billingTable}
        facts={billingFacts}
        suggested={suggested}
        chosen={chosen}
        isConfirmed={isConfirmed}
        onFacts={changeFacts}
        onChosen={changeChosen}
        onConfirm={() => setIsConfirmed(true)}
      />

      <Handover
        facts={facts}
        draft={draft}
        isBlocked={isPatientIdInvalid}
        needsConfirmation={!isConfirmed}
        checklistMissing={checklistMissing}
      />
    </div>
  );
}
