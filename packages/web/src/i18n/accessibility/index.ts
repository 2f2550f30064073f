import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type AccessibilityTextKey } from './nb.ts';
import { nn } from './nn.ts';

/** Translation of the accessibility statement's texts in the app's current language. */
export const useAccessibilityT = featureTexts<AccessibilityTextKey>({ nb, nn, en });
