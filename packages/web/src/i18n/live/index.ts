import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type LiveTextKey } from './nb.ts';
import { nn } from './nn.ts';

/** Translation of the live announcer's texts in the app's current language. */
export const useLiveT = featureTexts<LiveTextKey>({ nb, nn, en });
