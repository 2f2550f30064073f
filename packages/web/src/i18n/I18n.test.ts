import { describe, expect, it } from 'vitest';
import { createI18n } from './I18n.ts';

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(initial));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const root = (): HTMLElement => ({ lang: '' }) as HTMLElement;

describe('texts in packs', () => {
  it('has bokmål core texts at once, and staff texts once their pack is loaded', async () => {
    const i18n = createI18n(memoryStorage(), root());
    expect(i18n.t('info.title', { organisation: 'Klinikk' })).toBe('Videokonsultasjon med Klinikk');
    expect(i18n.t('dashboard.title')).toBe('dashboard.title');
    await i18n.load('staff');
    expect(i18n.t('dashboard.title')).toBe('Oversikt');
  });

  it('switches language only once that language has every pack loaded so far, and remembers it', async () => {
    const storage = memoryStorage();
    const html = root();
    const i18n = createI18n(storage, html);
    await i18n.load('staff');
    const switching = i18n.setLanguage('en');
    expect(i18n.language.value).toBe('nb');
    await switching;
    expect([i18n.language.value, html.lang, storage.getItem('samtale.language')]).toEqual(['en', 'en', 'en']);
    expect(i18n.t('dashboard.title')).toBe('Overview');
    expect(i18n.error('NOT_FOUND')).not.toBe(createI18n(memoryStorage(), root()).error('NOT_FOUND'));
  });

  it('starts in the remembered language once its core pack has loaded', async () => {
    const i18n = createI18n(memoryStorage({ 'samtale.language': 'nn' }), root());
    // Until then bokmål stands in, never a key.
    expect(i18n.t('language.label')).toBe('Språk');
    await i18n.load('core');
    expect(i18n.t('info.title', { organisation: 'X' })).toBe(
      (await import('./nn.ts')).nn['info.title'].replace('{organisation}', 'X'),
    );
  });
});
