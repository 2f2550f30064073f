import { useApp } from '../../../state/AppState.ts';
import type { Language } from '../../../i18n/I18n.ts';
import { nb, type EquipmentKey, type EquipmentTexts } from './nb.ts';
import { nn } from './nn.ts';
import { en } from './en.ts';

export type { EquipmentKey } from './nb.ts';

const TEXTS: Record<Language, EquipmentTexts> = { nb, nn, en };

/** Translation of the equipment test's texts in the app's current language (the switcher applies). */
export function useEquipmentT(): (key: EquipmentKey, params?: Record<string, string | number>) => string {
  const { i18n } = useApp();
  const texts = TEXTS[i18n.language.value];
  return (key, params) =>
    texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
