import { useEffect, useId, useState } from 'preact/hooks';
import type { JournalFacts } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { buildSummaryBundle, type JournalDraft } from '../../journal/fhir-bundle.ts';
import { formatPlainText } from '../../journal/plain-text.ts';
import { postBundle, type HandoverResult } from '../../journal/epj-client.ts';
import { useDayflowT } from '../../i18n/dayflow/index.ts';

interface HandoverProps {
  facts: JournalFacts;
  draft: JournalDraft;
  /** Something typed is not valid (the patient's number): nothing is handed over. */
  isBlocked: boolean;
  needsConfirmation: boolean;
  /** Checklist items the organisation requires before the handover, not yet ticked (labels). */
  checklistMissing: readonly string[];
}

type Message = { text: string; isError: boolean };

/** Download, copy or send the summary. Whatever happens, the draft stays on the page. */
export function Handover({ facts, draft, isBlocked, needsConfirmation, checklistMissing }: HandoverProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const dt = useDayflowT();
  const id = useId();
  const [message, setMessage] = useState<Message | null>(null);
  const [isSending, setIsSending] = useState(false);
  const [copyText, setCopyText] = useState<string | null>(null);
  // A reason given earlier ("confirm the codes first") no longer holds once the codes change.
  const isChecklistDone = checklistMissing.length === 0;
  useEffect(() => setMessage(null), [needsConfirmation, isChecklistDone]);

  /** The reason nothing can be handed over yet, or null. */
  const blocker = (): string | null => {
    if (draft.note.trim() === '') return t('handover.noteEmpty');
    if (isBlocked) return t('journal.patientIdInvalid');
    if (needsConfirmation) return t('billing.needsConfirm');
    if (!isChecklistDone) return dt('handover.checklistMissing', { items: checklistMissing.join(', ') });
    return null;
  };
  const guard = (): boolean => {
    const reason = blocker();
    if (reason) setMessage({ text: reason, isError: true });
    return reason === null;
  };

  const download = (): void => {
    if (!guard()) return;
    const bundle = buildSummaryBundle({ facts, draft, now: new Date() });
    const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `samtale-${facts.consultationId.slice(0, 8)}.fhir.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setMessage({ text: t('handover.downloaded'), isError: false });
  };

  const copy = async (): Promise<void> => {
    if (!guard()) return;
    const text = formatPlainText({ facts, draft, now: new Date() });
    try {
      await navigator.clipboard.writeText(text);
      setCopyText(null);
      setMessage({ text: t('handover.copied'), isError: false });
    } catch {
      setCopyText(text);
      setMessage({ text: t('handover.copyFailed'), isError: true });
    }
  };

  const describe = (result: HandoverResult): Message => {
    switch (result.kind) {
      case 'accepted':
        return { text: t('handover.sent', { status: String(result.status) }), isError: false };
      case 'refused':
        return { text: t('handover.refused', { status: String(result.status) }), isError: true };
      case 'timeout':
        return { text: t('handover.timeout'), isError: true };
      case 'unreachable':
        return { text: t('handover.unreachable'), isError: true };
    }
  };
  const send = async (url: string): Promise<void> => {
    if (!guard()) return;
    setIsSending(true);
    setMessage({ text: t('handover.sending'), isError: false });
    const result = await postBundle(url, buildSummaryBundle({ facts, draft, now: new Date() }));
    setIsSending(false);
    const described = describe(result);
    const said =
      'diagnostics' in result && result.diagnostics ? ` ${t('handover.epjSaid', { text: result.diagnostics })}` : '';
    setMessage({ text: described.text + said, isError: described.isError });
  };

  const epjUrl = facts.epjFhirUrl;
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('handover.heading')}</h2>
      <div class="actions">
        <button type="button" class="button" onClick={download}>
          {t('handover.download')}
        </button>
        <button type="button" class="button" onClick={() => void copy()}>
          {t('handover.copy')}
        </button>
        {epjUrl && (
          <button type="button" class="button primary" disabled={isSending} onClick={() => void send(epjUrl)}>
            {t('handover.send')}
          </button>
        )}
      </div>
      {!epjUrl && <p class="hint">{t('handover.noEndpoint')}</p>}
      {/* Both regions always exist, so a change is announced (WCAG 4.1.3). */}
      <p class="status" role="status">
        {message && !message.isError ? message.text : ''}
      </p>
      <p class="error" role="alert">
        {message?.isError ? message.text : ''}
      </p>
      {copyText !== null && (
        <div class="field">
          <label for={`${id}-text`}>{t('handover.text')}</label>
          <textarea id={`${id}-text`} rows={12} readOnly value={copyText} />
        </div>
      )}
    </section>
  );
}
