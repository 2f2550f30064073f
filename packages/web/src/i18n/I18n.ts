import { signal, type ReadonlySignal } from '@preact/signals';
import type { ErrorCode } from '@samtale/protocol';
import { nb, type MessageKey } from './nb.ts';

export type Language = 'nb' | 'nn' | 'en';
export const LANGUAGES: readonly Language[] = ['nb', 'nn', 'en'];
const STORAGE_KEY = 'samtale.language';

export type Params = Record<string, string | number>;

/**
 * The texts come in packs, each its own chunk per language, so that the patient's first page
 * carries only bokmål and only its own texts (issue 8's budget): `core` (the patient's path,
 * shared parts and every error) and `staff` (the clinicians' and admins' screens, loaded with
 * those pages). Bokmål's core is in the entry chunk; everything else is fetched when needed.
 */
export type TextPack = 'core' | 'staff';
type Texts = Partial<Record<MessageKey, string>>;

const LOADERS: Record<TextPack, Record<Language, () => Promise<Texts>>> = {
  core: {
    nb: () => Promise.resolve(nb),
    nn: () => import('./nn.ts').then((m) => m.nn),
    en: () => import('./en.ts').then((m) => m.en),
  },
  staff: {
    nb: () => import('./staff/nb.ts').then((m) => m.nb),
    nn: () => import('./staff/nn.ts').then((m) => m.nn),
    en: () => import('./staff/en.ts').then((m) => m.en),
  },
};

/** The user's language as a signal, and translation from nb's keys. */
export interface I18n {
  readonly language: ReadonlySignal<Language>;
  /** Loads the texts the new language needs (the packs loaded so far), then switches to it. */
  setLanguage: (language: Language) => Promise<void>;
  /** Loads a pack of texts in the current language (and in any language switched to later). */
  load: (pack: TextPack) => Promise<void>;
  t: (key: MessageKey, params?: Params) => string;
  /** The message for a protocol error code, in the current language. */
  error: (code: ErrorCode | 'NETWORK', params?: Params) => string;
  formatTime: (iso: string) => string;
  formatDateTime: (iso: string) => string;
}

function isLanguage(value: unknown): value is Language {
  return value === 'nb' || value === 'nn' || value === 'en';
}

/** Fills `{name}` placeholders from `params`; an unknown name stays as written. */
export function interpolate(text: string, params: Params | undefined): string {
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
  // Bumped when a pack arrives, so that a text read before it re-renders with it.
  const loadedCount = signal(0);
  const texts: Record<Language, Texts> = { nb: { ...nb }, nn: {}, en: {} };
  const packs = new Set<TextPack>(['core']);
  const loading = new Map<string, Promise<void>>();
  root.lang = language.value;

  const loadPack = (pack: TextPack, lang: Language): Promise<void> => {
    const id = `${pack}:${lang}`;
    let pending = loading.get(id);
    if (pending === undefined) {
      pending = LOADERS[pack][lang]().then(
        (loaded) => {
          Object.assign(texts[lang], loaded);
          loadedCount.value += 1;
        },
        (error: unknown) => {
          // A chunk that failed to download (offline for a moment) may be tried again.
          loading.delete(id);
          throw error;
        },
      );
      loading.set(id, pending);
    }
    return pending;
  };
  const text = (key: MessageKey): string => {
    void loadedCount.value;
    // Bokmål stands in while another language's pack is still on its way; the key itself only
    // for a staff text read before its pack (a programming mistake, visible in the page).
    return texts[language.value][key] ?? texts.nb[key] ?? key;
  };
  const locale = (): string => (language.value === 'en' ? 'en-GB' : language.value === 'nn' ? 'nn-NO' : 'nb-NO');
  return {
    language,
    async setLanguage(next) {
      await Promise.all([...packs].map((pack) => loadPack(pack, next)));
      language.value = next;
      root.lang = next;
      storage?.setItem(STORAGE_KEY, next);
    },
    async load(pack) {
      packs.add(pack);
      await Promise.all([loadPack(pack, 'nb'), loadPack(pack, language.value)]);
    },
    t(key, params) {
      return interpolate(text(key), params);
    },
    error(code, params) {
      return interpolate(text(`error.${code}`), params);
    },
    formatTime(iso) {
      return new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
    },
    formatDateTime(iso) {
      return new Date(iso).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    },
  };
}
