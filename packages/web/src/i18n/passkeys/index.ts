import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type PasskeyTextKey } from './nb.ts';
import { nn } from './nn.ts';

/** Translation of the passkey screens' texts in the app's current language. */
export const usePasskeyT = featureTexts<PasskeyTextKey>({ nb, nn, en });
