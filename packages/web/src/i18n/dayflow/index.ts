import { useApp } from '../../state/AppState.ts';
import type { Language, Params } from '../I18n.ts';
import { en } from './en.ts';
import { nb, type DayflowDictionary, type DayflowTextKey } from './nb.ts';
import { nn } from './nn.ts';

export type { DayflowTextKey } from './nb.ts';

const DICTIONARIES: Record<Language, DayflowDictionary> = { nb, nn, en };

/** Translation of the day view's and summary page's issue 9 texts in the app's current language. */
export function useDayflowT(): (key: DayflowTextKey, params?: Params) => string {
  const { i18n } = useApp();
  const language = i18n.language.value;
  return (key, params) =>
    DICTIONARIES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
