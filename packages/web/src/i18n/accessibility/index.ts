import { useApp } from '../../state/AppState.ts';
import type { Language, Params } from '../I18n.ts';
import { en } from './en.ts';
import { nb, type AccessibilityDictionary, type AccessibilityTextKey } from './nb.ts';
import { nn } from './nn.ts';

const DICTIONARIES: Record<Language, AccessibilityDictionary> = { nb, nn, en };

/** Translation of the accessibility statement's texts in the app's current language. */
export function useAccessibilityT(): (key: AccessibilityTextKey, params?: Params) => string {
  const { i18n } = useApp();
  const language = i18n.language.value;
  return (key, params) =>
    DICTIONARIES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
