import { useApp } from '../../state/AppState.ts';
import type { Language, Params } from '../I18n.ts';
import { en } from './en.ts';
import { nb, type TemplatesDictionary, type TemplatesTextKey } from './nb.ts';
import { nn } from './nn.ts';

const DICTIONARIES: Record<Language, TemplatesDictionary> = { nb, nn, en };

/** Translation of the message-texts and reminder screens' texts in the app's current language. */
export function useTemplatesT(): (key: TemplatesTextKey, params?: Params) => string {
  const { i18n } = useApp();
  const language = i18n.language.value;
  return (key, params) =>
    DICTIONARIES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
