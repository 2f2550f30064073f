import type { Identification } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { identificationDetails, identificationLabel, strengthOf } from '../identification.ts';

/** Icon per strength: a shape as well as a colour, so the badge never relies on colour alone. */
const ICON = { strong: '✔', checked: '✓', unverified: '!' } as const;

/** How a participant was identified: icon and text (the text is in the accessible name). */
export function IdentificationBadge({ identification: i }: { identification: Identification }) {
  const t = useT();
  const strength = strengthOf(i);
  const details = identificationDetails(t, i);
  const isMismatch = i.kind === 'idporten' && i.expectedPatient === 'mismatch';
  return (
    <span class={`id-badge id-${strength}`} data-identification={i.kind}>
      <span class="id-icon" aria-hidden="true">
        {ICON[strength]}
      </span>
      {identificationLabel(t, i)}
      {details.map((d) => (
        <span key={d} class={isMismatch && d === details.at(-1) ? 'id-mismatch' : undefined}>
          , {d}
        </span>
      ))}
    </span>
  );
}

/** A short legend of the badges (collapsed, so it costs no space until asked for). */
export function IdentificationLegend() {
  const t = useT();
  return (
    <details class="id-legend">
      <summary>{t('id.legend')}</summary>
      <dl>
        <dt>HelseID</dt>
        <dd>{t('id.legendHelseid')}</dd>
        <dt>ID-porten</dt>
        <dd>{t('id.legendIdporten')}</dd>
        <dt>{t('id.passkey')}</dt>
        <dd>{t('id.legendLocal')}</dd>
        <dt>{t('id.link')}</dt>
        <dd>{t('id.legendLink')}</dd>
        <dt>{t('id.video')}</dt>
        <dd>{t('id.legendVideo')}</dd>
      </dl>
    </details>
  );
}
