import { featureTexts } from '../feature-texts.ts';
import { en } from './en.ts';
import { nb, type TemplatesTextKey } from './nb.ts';
import { nn } from './nn.ts';

/** Translation of the message-texts and reminder screens' texts in the app's current language. */
export const useTemplatesT = featureTexts<TemplatesTextKey>({ nb, nn, en });
