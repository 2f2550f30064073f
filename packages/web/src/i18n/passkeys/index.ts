import { useApp } from '../../state/AppState.ts';
import type { Language, Params } from '../I18n.ts';
import { en } from './en.ts';
import { nb, type PasskeyDictionary, type PasskeyTextKey } from './nb.ts';
import { nn } from './nn.ts';

const DICTIONARIES: Record<Language, PasskeyDictionary> = { nb, nn, en };

/** Translation of the passkey screens' texts in the app's current language. */
export function usePasskeyT(): (key: PasskeyTextKey, params?: Params) => string {
  const { i18n } = useApp();
  const language = i18n.language.value;
  return (key, params) =>
    DICTIONARIES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
