/**
 * How a participant was identified, in words (issue 8): the text of every badge and of the
 * live announcement when it changes. One function, so every screen says the same.
 */
import type { Identification, IdentificationRequirements, IdentificationProof } from '@samtale/protocol';
import type { Params } from '../i18n/I18n.ts';
import type { MessageKey } from '../i18n/nb.ts';

type T = (key: MessageKey, params?: Params) => string;

/** How strong the identification is, for the badge's icon and colour (the text says it all too). */
export function strengthOf(i: Identification): 'strong' | 'checked' | 'unverified' {
  if (i.kind === 'invitation-link') return 'unverified';
  const isStrong =
    (i.kind === 'helseid' && i.securityLevel >= 4) ||
    (i.kind === 'idporten' && i.level === 'high') ||
    (i.kind === 'local-account' && i.hasPasskey);
  return isStrong ? 'strong' : 'checked';
}

/** The badge's main text, e.g. "Identifisert med HelseID (nivå 4)". */
export function identificationLabel(t: T, i: Identification): string {
  switch (i.kind) {
    case 'helseid':
      return t('id.helseid', { level: i.securityLevel });
    case 'idporten':
      return t(i.level === 'high' ? 'id.idportenHigh' : 'id.idportenSubstantial');
    case 'local-account':
      return t(i.hasPasskey ? 'id.passkey' : 'id.password');
    case 'invitation-link':
      return t('id.link');
    case 'id-shown-in-video':
      return t('id.video');
  }
}

/** What follows the label: profession, who checked the ID, and (hosts only) birth date and match. */
export function identificationDetails(t: T, i: Identification): string[] {
  if (i.kind === 'helseid') return i.isHealthPersonnel ? [t('id.hp'), ...(i.profession ? [i.profession] : [])] : [];
  if (i.kind === 'id-shown-in-video') return [t('id.videoBy', { name: i.recordedByName })];
  if (i.kind !== 'idporten') return [];
  const details = i.birthDate === undefined ? [] : [t('id.born', { date: i.birthDate })];
  if (i.expectedPatient === 'match') details.push(t('id.match'));
  if (i.expectedPatient === 'mismatch') details.push(t('id.mismatch'));
  return details;
}

/** The whole text, as a screen reader reads it and the live region announces it. */
export function identificationText(t: T, i: Identification): string {
  return [identificationLabel(t, i), ...identificationDetails(t, i)].join(', ');
}

/** One role's requirement in words: "HelseID nivå 4 eller passnøkkel". */
export function requirementText(t: T, proofs: readonly IdentificationProof[]): string {
  return proofs.map((p) => t(`req.${p}`)).join(t('req.or'));
}

/** The three rows (staff, patient, others) of a call's requirements. */
export function requirementRows(t: T, r: IdentificationRequirements): [string, string][] {
  return [
    [t('req.member'), requirementText(t, r.member)],
    [t('req.patient'), requirementText(t, r.patient)],
    [t('req.guest'), requirementText(t, r.guest)],
  ];
}
