import type { InvitationInfo } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { requirementText } from '../../components/identification.ts';

/** What will happen, that it is voluntary, that nothing is recorded, and how to prepare. */
export function InfoStep({ info, onNext }: { info: InvitationInfo; onNext: () => void }) {
  const t = useT();
  const required = info.identificationRequired;
  return (
    <Page title={t('info.title', { organisation: info.organisationName })}>
      <p class="lead">{t('info.what', { organisation: info.organisationName })}</p>
      <section class="card" aria-labelledby="info-voluntary">
        <h2 id="info-voluntary">{t('info.voluntaryHeading')}</h2>
        <p>{t('info.voluntary')}</p>
        <h2>{t('info.privacyHeading')}</h2>
        <p>{t('info.privacy')}</p>
        {required && !(required.length === 1 && required[0] === 'name') && (
          <p data-testid="identification-required">{t('info.idRequired', { what: requirementText(t, required) })}</p>
        )}
      </section>
      <section class="card" aria-labelledby="info-prepare">
        <h2 id="info-prepare">{t('info.prepareHeading')}</h2>
        <ul>
          <li>{t('info.preparePlace')}</li>
          <li>{t('info.prepareHeadphones')}</li>
          <li>{t('info.prepareDevices')}</li>
        </ul>
      </section>
      <button type="button" class="button primary" onClick={onNext}>
        {t('info.next')}
      </button>
    </Page>
  );
}
