import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type DayflowTextKey } from './nb.ts';
import { nn } from './nn.ts';

export type { DayflowTextKey } from './nb.ts';

/** Translation of the day view's and summary page's issue 9 texts in the app's current language. */
export const useDayflowT = featureTexts<DayflowTextKey>({ nb, nn, en });
