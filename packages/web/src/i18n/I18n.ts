import { signal, type ReadonlySignal } from '@preact/signals';
import type { ErrorCode } from '@samtale/protocol';
import { nb, type Dictionary, type MessageKey } from './nb.ts';
import { en } from './en.ts';
import { nn } from './nn.ts';

export type Language = 'nb' | 'nn' | 'en';
export const LANGUAGES: readonly Language[] = ['nb', 'nn', 'en'];
const DICTIONARIES: Record<Language, Dictionary> = { nb, nn, en };
const STORAGE_KEY = 'samtale.language';

export type Params = Record<string, string | number>;

/** The user's language as a signal, and translation from nb's keys. */
export interface I18n {
  readonly language: ReadonlySignal<Language>;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** The message for a protocol error code, in the current language. */
  error: (code: ErrorCode | 'NETWORK', params?: Params) => string;
  formatTime: (iso: string) => string;
  formatDateTime: (iso: string) => string;
}

function isLanguage(value: unknown): value is Language {
  return value === 'nb' || value === 'nn' || value === 'en';
}

function interpolate(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Creates the i18n state; reads and remembers the choice in localStorage and keeps `<html lang>` in step. */
export function createI18n(storage: Storage | null, root: HTMLElement): I18n {
  const stored = storage?.getItem(STORAGE_KEY);
  const language = signal<Language>(isLanguage(stored) ? stored : 'nb');
  root.lang = language.value;
  const locale = (): string => (language.value === 'en' ? 'en-GB' : language.value === 'nn' ? 'nn-NO' : 'nb-NO');
  return {
    language,
    setLanguage(next) {
      language.value = next;
      root.lang = next;
      storage?.setItem(STORAGE_KEY, next);
    },
    t(key, params) {
      return interpolate(DICTIONARIES[language.value][key], params);
    },
    error(code, params) {
      return interpolate(DICTIONARIES[language.value][`error.${code}`], params);
    },
    formatTime(iso) {
      return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
    },
    formatDateTime(iso) {
      return new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    },
  };
}
