import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type AdminIdentityTextKey } from './nb.ts';
import { nn } from './nn.ts';

/** Translation of the identity admin screens' texts (issue 8) in the app's current language. */
export const useAdminIdentityT = featureTexts<AdminIdentityTextKey>({ nb, nn, en });

/** True when `key` is one of this dictionary's (the compliance overview asks for identity checks). */
export function isAdminIdentityKey(key: string): key is AdminIdentityTextKey {
  return Object.hasOwn(nb, key);
}
