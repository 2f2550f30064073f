import { useEffect, useState } from 'preact/hooks';
import {
  ConsultationConsents,
  PatientTexts,
  latestConsentByParticipant,
  type ConsentRecordView,
  type PatientTextVersion,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import type { CallState } from '../../state/CallState.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

/**
 * The host's view of consent (issue 9): each person's latest record (how, when, which language),
 * live from the server, and recording consent or its withdrawal said aloud in the call.
 */
export function ConsentPanel({ call, consultationId }: { call: CallState; consultationId: string }) {
  const { api, i18n } = useApp();
  const t = i18n.t;
  const [fetched, setFetched] = useState<ConsentRecordView[] | null>(null);
  const [texts, setTexts] = useState<PatientTextVersion[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [readingFor, setReadingFor] = useState<string | null>(null);
  useEffect(() => {
    api
      .get(`/api/consultations/${consultationId}/consents`, (v) => ConsultationConsents.parse(v))
      .then((c) => setFetched(c.records), setError);
    api.get('/api/patient-texts', (v) => PatientTexts.parse(v)).then((p) => setTexts(p.current), setError);
  }, [api, consultationId]);
  // A push from the server is newer than what was fetched.
  const records = call.consents.value ?? fetched ?? [];
  const latest = latestConsentByParticipant(records);
  const inCall = call.participants.value.filter((p) => p.role !== 'host');
  const people = new Map<string, { name: string; isHere: boolean }>();
  for (const r of records) people.set(r.participantId, { name: r.displayName, isHere: false });
  for (const p of inCall) people.set(p.id, { name: p.displayName, isHere: true });
  const text = texts.find((x) => x.language === i18n.language.value) ?? texts[0];
  const stateOf = (record: ConsentRecordView | undefined): string => {
    if (record === undefined) return t('consent.none');
    const key =
      record.decision === 'withdrawn'
        ? 'consent.withdrawnAt'
        : record.method === 'spoken'
          ? 'consent.givenSpokenAt'
          : 'consent.givenBrowserAt';
    return t(key, { time: i18n.formatTime(record.at), language: t(`language.${record.language}`) });
  };
  return (
    <section class="side-panel" aria-labelledby="consent-heading">
      <h2 id="consent-heading">{t('consent.heading')}</h2>
      <ErrorMessage error={error} />
      {people.size === 0 && <p class="hint">{t('consent.nobody')}</p>}
      <ul class="consent-list" aria-live="polite">
        {[...people].map(([id, person]) => {
          const record = latest.get(id);
          const isGiven = record?.decision === 'given';
          return (
            <li key={id} data-testid="consent-entry">
              <strong>{person.name}</strong>
              <span class={isGiven ? 'consent-state given' : 'consent-state'}>{stateOf(record)}</span>
              {person.isHere && readingFor !== id && (
                <button type="button" class="button small" onClick={() => setReadingFor(id)}>
                  {isGiven ? t('consent.recordWithdrawal') : t('consent.recordSpoken')}
                </button>
              )}
              {readingFor === id && (
                <div class="confirm">
                  {!isGiven && text && (
                    <blockquote>
                      <p class="hint">{t('consent.readAloud')}</p>
                      <p>{text.consent}</p>
                    </blockquote>
                  )}
                  <div class="actions">
                    <button
                      type="button"
                      class="button small primary"
                      onClick={() => {
                        if (isGiven) call.session.recordSpokenConsent(id, 'withdrawn');
                        else if (text)
                          call.session.recordSpokenConsent(id, 'given', { hash: text.hash, language: text.language });
                        setReadingFor(null);
                      }}
                    >
                      {isGiven ? t('consent.confirmWithdrawal') : t('consent.confirmSpoken')}
                    </button>
                    <button type="button" class="button small" onClick={() => setReadingFor(null)}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
