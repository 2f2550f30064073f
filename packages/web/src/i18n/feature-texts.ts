/**
 * One feature's own texts (passkeys, /test, the admin's identity screens, ...): a dictionary per
 * language in the feature's folder, loaded with the feature's chunk, never in the first page.
 */
import { useApp } from '../state/AppState.ts';
import { interpolate, type Language, type Params } from './I18n.ts';

/** A hook that translates the feature's keys in the app's current language. */
export function featureTexts<K extends string>(
  dictionaries: Readonly<Record<Language, Readonly<Record<K, string>>>>,
): () => (key: K, params?: Params) => string {
  return function useFeatureT() {
    const { i18n } = useApp();
    const texts = dictionaries[i18n.language.value];
    return (key, params) => interpolate(texts[key], params);
  };
}
