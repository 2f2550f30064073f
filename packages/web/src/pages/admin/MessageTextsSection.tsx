/**
 * Admin: the organisation's SMS and e-mail texts per language and purpose (issue 9), with the
 * default beside them, a live preview the server renders with example values (the same code that
 * sends them), characters left for an SMS and a reset to the default; and the organisation's
 * reminder times. Loaded lazily with its own dictionary (i18n/templates/).
 */
import { useEffect, useId, useState } from 'preact/hooks';
import {
  MAX_EMAIL_SUBJECT_LENGTH,
  MAX_EMAIL_TEMPLATE_LENGTH,
  MAX_SMS_TEMPLATE_LENGTH,
  MessageTemplateList,
  MessageTemplatePreview,
  type MessageChannel,
  type MessageTemplateView,
  type NotificationPurpose,
  type PatientLanguage,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useTemplatesT } from '../../i18n/templates/index.ts';
import { ReminderOffsetsForm } from './ReminderOffsetsForm.tsx';

const CHANNELS: readonly MessageChannel[] = ['email', 'sms'];
const LANGUAGES: readonly PatientLanguage[] = ['nb', 'nn', 'en'];
const PURPOSES: readonly NotificationPurpose[] = ['invitation', 'update', 'cancellation', 'reminder'];
/** Wait this long after the last key press before asking the server for a preview. */
const PREVIEW_DELAY_MS = 300;

interface Draft {
  subject: string;
  body: string;
}

function draftOf(view: MessageTemplateView): Draft {
  return { subject: view.subject ?? '', body: view.body };
}

/** Both sections, as the admin page's lazy chunk. */
export default function MessageTextsSection() {
  return (
    <>
      <MessageTextsEditor />
      <ReminderOffsetsForm />
    </>
  );
}

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  text: (option: T) => string;
  onValue: (value: T) => void;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.text(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

function MessageTextsEditor() {
  const { api } = useApp();
  const tt = useTemplatesT();
  const id = useId();
  const [templates, setTemplates] = useState<MessageTemplateView[] | null>(null);
  const [channel, setChannel] = useState<MessageChannel>('email');
  const [language, setLanguage] = useState<PatientLanguage>('nb');
  const [purpose, setPurpose] = useState<NotificationPurpose>('invitation');
  const [draft, setDraft] = useState<Draft>({ subject: '', body: '' });
  const [preview, setPreview] = useState<MessageTemplatePreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    api
      .get('/api/admin/message-templates', (v) => MessageTemplateList.parse(v))
      .then((list) => setTemplates(list.templates), setError);
  }, [api]);
  const current = templates?.find((x) => x.channel === channel && x.language === language && x.purpose === purpose);
  // Another text chosen (or the list just loaded): edit that one.
  useEffect(() => {
    if (current) setDraft(draftOf(current));
    setStatus('');
    setError(null);
    // The last preview was of another text: none until this one's arrives.
    setPreview(null);
    setPreviewError(null);
  }, [channel, language, purpose, templates === null]);

  // The live preview: the server renders the draft exactly as it would send it.
  useEffect(() => {
    if (!current) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      const body =
        channel === 'sms' ? { language, purpose, channel, body: draft.body } : { language, purpose, channel, ...draft };
      api
        .post('/api/admin/message-templates/preview', body, (v) => MessageTemplatePreview.parse(v))
        .then(
          (p) => {
            if (!isCurrent) return;
            setPreview(p);
            setPreviewError(null);
          },
          (failure: unknown) => {
            if (!isCurrent) return;
            setPreview(null);
            setPreviewError(failure);
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [api, channel, language, purpose, draft.subject, draft.body, current !== undefined]);

  if (!templates || !current) return <ErrorMessage error={error} />;

  const save = async (text: Draft, done: string): Promise<void> => {
    setError(null);
    setStatus('');
    try {
      const body =
        channel === 'sms' ? { language, purpose, channel, body: text.body } : { language, purpose, channel, ...text };
      const list = await api.put('/api/admin/message-templates', body, (v) => MessageTemplateList.parse(v));
      setTemplates(list.templates);
      const saved = list.templates.find(
        (x) => x.channel === channel && x.language === language && x.purpose === purpose,
      );
      if (saved) setDraft(draftOf(saved));
      setStatus(done);
    } catch (failure) {
      setError(failure);
    }
  };
  /** A changed draft: what the last save refused no longer stands. */
  const edit = (next: Draft): void => {
    setDraft(next);
    setError(null);
    setStatus('');
  };
  const isSms = channel === 'sms';
  const max = isSms ? MAX_SMS_TEMPLATE_LENGTH : MAX_EMAIL_TEMPLATE_LENGTH;
  const smsLeft = MAX_SMS_TEMPLATE_LENGTH - (preview?.text.length ?? draft.body.length);
  return (
    <section class="card message-texts" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{tt('templates.heading')}</h2>
      <p class="hint">{tt('templates.intro')}</p>
      <div class="message-texts-choices">
        <Choice
          label={tt('templates.channel')}
          value={channel}
          options={CHANNELS}
          text={(c) => tt(`templates.channel.${c}`)}
          onValue={setChannel}
        />
        <Choice
          label={tt('templates.language')}
          value={language}
          options={LANGUAGES}
          text={(l) => tt(`templates.language.${l}`)}
          onValue={setLanguage}
        />
        <Choice
          label={tt('templates.purpose')}
          value={purpose}
          options={PURPOSES}
          text={(p) => tt(`templates.purpose.${p}`)}
          onValue={setPurpose}
        />
      </div>
      <p class="hint">{tt(current.isDefault ? 'templates.usesDefault' : 'templates.usesOwn')}</p>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void save(draft, tt('templates.saved'));
        }}
      >
        {!isSms && (
          <div class="field">
            <label for={`${id}-subject`}>{tt('templates.subject')}</label>
            <input
              id={`${id}-subject`}
              type="text"
              maxLength={MAX_EMAIL_SUBJECT_LENGTH}
              value={draft.subject}
              onInput={(e) => edit({ ...draft, subject: e.currentTarget.value })}
            />
          </div>
        )}
        <div class="field">
          <label for={`${id}-body`}>{tt('templates.body')}</label>
          <p class="hint" id={`${id}-body-hint`}>
            {tt(isSms ? 'templates.bodyHintSms' : 'templates.bodyHintEmail')}
          </p>
          <textarea
            id={`${id}-body`}
            rows={isSms ? 4 : 12}
            maxLength={max}
            aria-describedby={`${id}-body-hint${isSms ? ` ${id}-left` : ''}`}
            value={draft.body}
            onInput={(e) => edit({ ...draft, body: e.currentTarget.value })}
          />
          {isSms && (
            <p class={smsLeft < 0 ? 'hint error' : 'hint'} id={`${id}-left`}>
              {tt('templates.charactersLeft', { n: smsLeft })}
            </p>
          )}
        </div>
        <ErrorMessage error={error} />
        <div class="actions">
          <button type="submit" class="button primary">
            {tt('templates.save')}
          </button>
          <button
            type="button"
            class="button"
            disabled={current.isDefault}
            onClick={() => void save({ subject: '', body: '' }, tt('templates.resetDone'))}
          >
            {tt('templates.reset')}
          </button>
        </div>
        <p class="status" role="status">
          {status}
        </p>
      </form>
      <section class="message-preview" aria-labelledby={`${id}-preview`}>
        <h3 id={`${id}-preview`}>{tt('templates.preview')}</h3>
        <ErrorMessage error={previewError} />
        {preview === null ? (
          previewError === null && <p class="hint">{tt('templates.previewBusy')}</p>
        ) : (
          <div class="message-preview-text" data-testid="message-preview">
            {preview.subject !== undefined && (
              <p class="message-preview-subject">{tt('templates.previewSubject', { subject: preview.subject })}</p>
            )}
            <p>{preview.text}</p>
          </div>
        )}
      </section>
      <details class="message-default">
        <summary>{tt('templates.defaultHeading')}</summary>
        {current.defaultSubject !== null && <p class="message-preview-subject">{current.defaultSubject}</p>}
        <p class="message-preview-text">{current.defaultBody}</p>
      </details>
    </section>
  );
}
