import type { InvitationInfo } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { PatientText } from '../../components/PatientText.tsx';
import { textFor } from './parseInvitationInfo.ts';
import { requirementText } from '../../components/identification.ts';

/** The organisation's information (voluntary, nothing recorded, how to prepare, the journal; issue 9). */
export function InfoStep({ info, onNext }: { info: InvitationInfo; onNext: () => void }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const text = textFor(info, i18n.language.value);
  const required = info.identificationRequired;
  return (
    <Page title={t('info.title', { organisation: info.organisationName })}>
      <p class="lead">{t('info.what', { organisation: info.organisationName })}</p>
      {required && !(required.length === 1 && required[0] === 'name') && (
        <p data-testid="identification-required">{t('info.idRequired', { what: requirementText(t, required) })}</p>
      )}
      {text && (
        <section class="card" aria-label={t('info.fromOrganisation', { organisation: info.organisationName })}>
          <PatientText text={text.information} />
        </section>
      )}
      <button type="button" class="button primary" onClick={onNext}>
        {t('info.next')}
      </button>
    </Page>
  );
}
