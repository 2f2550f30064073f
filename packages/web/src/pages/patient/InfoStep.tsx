import type { ErrorCode, IdentificationProof, InvitationInfo } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { PatientText } from '../../components/PatientText.tsx';
import { textFor } from './parseInvitationInfo.ts';
import { identificationLabel, requirementText } from '../../components/identification.ts';

const isIdporten = (p: IdentificationProof): boolean => p === 'idporten-high' || p === 'idporten-substantial';

/**
 * The organisation's information (voluntary, nothing recorded, how to prepare, the journal; issue 9)
 * and, where the call's rules ask for it, identification with ID-porten before the waiting room
 * (issue 8). Without another way to meet the rules (an ID shown in the video), the next step
 * waits until the person has identified.
 */
export function InfoStep({
  info,
  onNext,
  onIdporten,
  idportenError,
}: {
  info: InvitationInfo;
  onNext: () => void;
  onIdporten: () => void;
  /** Why the last identification (or the join) was refused. */
  idportenError?: ErrorCode | 'NETWORK' | undefined;
}) {
  const { i18n } = useApp();
  const t = i18n.t;
  const text = textFor(info, i18n.language.value);
  const required = info.identificationRequired ?? [];
  const level = info.idportenLevel;
  // A forwarded link of someone identified asks this device for the same person, whatever the rules.
  // (Where ID-porten is not set up here, the page says what is required and nothing more.)
  const isIdportenAsked = info.isIdportenEnabled === true && (required.some(isIdporten) || idportenError !== undefined);
  const canGoOn = level !== undefined || !isIdportenAsked || required.some((p) => !isIdporten(p));
  return (
    <Page title={t('info.title', { organisation: info.organisationName })}>
      <p class="lead">{t('info.what', { organisation: info.organisationName })}</p>
      {required.length > 0 && !(required.length === 1 && required[0] === 'name') && (
        <p data-testid="identification-required">{t('info.idRequired', { what: requirementText(t, required) })}</p>
      )}
      {isIdportenAsked && (
        <section class="card" aria-label="ID-porten">
          {level !== undefined ? (
            <p role="status">{identificationLabel(t, { kind: 'idporten', level })}</p>
          ) : (
            <>
              <p>{t('info.idporten')}</p>
              {idportenError !== undefined && (
                <p class="error" role="alert">
                  {i18n.error(idportenError)}
                  {required.some(isIdporten) && ` ${t('info.idportenNeeds', { what: requirementText(t, required) })}`}
                </p>
              )}
              <button type="button" class="button primary" onClick={onIdporten}>
                {t('info.idportenLogin')}
              </button>
            </>
          )}
        </section>
      )}
      {text && (
        <section class="card" aria-label={t('info.fromOrganisation', { organisation: info.organisationName })}>
          <PatientText text={text.information} />
        </section>
      )}
      {canGoOn && (
        <button
          type="button"
          class={level === undefined && isIdportenAsked ? 'button' : 'button primary'}
          onClick={onNext}
        >
          {t('info.next')}
        </button>
      )}
    </Page>
  );
}
