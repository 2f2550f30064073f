import { useApp } from '../../state/AppState.ts';
import type { Language, Params } from '../I18n.ts';
import { en } from './en.ts';
import { nb, type AdminIdentityDictionary, type AdminIdentityTextKey } from './nb.ts';
import { nn } from './nn.ts';

const DICTIONARIES: Record<Language, AdminIdentityDictionary> = { nb, nn, en };

/** Translation of the identity admin screens' texts (issue 8) in the app's current language. */
export function useAdminIdentityT(): (key: AdminIdentityTextKey, params?: Params) => string {
  const { i18n } = useApp();
  const language = i18n.language.value;
  return (key, params) =>
    DICTIONARIES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}

/** True when `key` is one of this dictionary's (the compliance overview asks for identity checks). */
export function isAdminIdentityKey(key: string): key is AdminIdentityTextKey {
  return Object.hasOwn(nb, key);
}
