import { featureTexts } from '../../../i18n/feature-texts.ts';
import { nb, type EquipmentKey } from './nb.ts';
import { nn } from './nn.ts';
import { en } from './en.ts';

export type { EquipmentKey } from './nb.ts';

/** Translation of the equipment test's texts in the app's current language (the switcher applies). */
export const useEquipmentT = featureTexts<EquipmentKey>({ nb, nn, en });
