import type { InvitationInfo, PatientTextVersion } from '@samtale/protocol';
import type { Parse } from '../../api/ApiClient.ts';

const ROLES = new Set(['patient', 'relative', 'interpreter', 'colleague']);
const LANGUAGES = new Set(['nb', 'nn', 'en']);
const LEVELS = new Set(['high', 'substantial']);

function parseText(value: unknown): PatientTextVersion {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { hash, language, information, consent, savedAt, isDefault } = v;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new TypeError('texts[].hash is not a hash');
  if (typeof language !== 'string' || !LANGUAGES.has(language)) throw new TypeError('texts[].language');
  if (typeof information !== 'string' || typeof consent !== 'string') throw new TypeError('texts[] must hold text');
  if (typeof savedAt !== 'string' || typeof isDefault !== 'boolean') throw new TypeError('texts[] savedAt/isDefault');
  return { hash, language: language as PatientTextVersion['language'], information, consent, savedAt, isDefault };
}

/**
 * Checks the inspect answer by hand: the zod schema would pull zod into the patient's first
 * load (budget: 100 KB brotli before joining). Same rules as `InvitationInfo`.
 */
export const parseInvitationInfo: Parse<InvitationInfo> = (value) => {
  if (typeof value !== 'object' || value === null) throw new TypeError('InvitationInfo must be an object');
  const { role, organisationName, expiresAt, texts, identificationRequired, isIdportenEnabled, idportenLevel } =
    value as Record<string, unknown>;
  if (typeof role !== 'string' || !ROLES.has(role)) throw new TypeError('InvitationInfo.role is not a role');
  if (typeof organisationName !== 'string') throw new TypeError('InvitationInfo.organisationName must be a string');
  if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))
    throw new TypeError('InvitationInfo.expiresAt must be a timestamp');
  if (!Array.isArray(texts)) throw new TypeError('InvitationInfo.texts must be a list');
  const required =
    Array.isArray(identificationRequired) && identificationRequired.every((p) => typeof p === 'string')
      ? (identificationRequired as NonNullable<InvitationInfo['identificationRequired']>)
      : undefined;
  return {
    role: role as InvitationInfo['role'],
    organisationName,
    expiresAt,
    texts: texts.map(parseText),
    ...(required === undefined ? {} : { identificationRequired: required }),
    ...(isIdportenEnabled === true ? { isIdportenEnabled } : {}),
    ...(typeof idportenLevel === 'string' && LEVELS.has(idportenLevel)
      ? { idportenLevel: idportenLevel as NonNullable<InvitationInfo['idportenLevel']> }
      : {}),
  };
};

/** The organisation's text in the person's language (bokmål when that one is missing). */
export function textFor(info: InvitationInfo, language: string): PatientTextVersion | undefined {
  return info.texts.find((t) => t.language === language) ?? info.texts.find((t) => t.language === 'nb');
}
