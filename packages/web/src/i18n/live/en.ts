import type { LiveDictionary } from './nb.ts';

/** What the live announcer says, English. */
export const en: LiveDictionary = {
  'live.waiting': 'You are in the waiting room. You will hear from us when the clinician lets you in.',
  'live.admitted': 'You have been let into the call.',
  'live.newWaiting': '{name} is waiting to be let in.',
  'live.micMuted': 'Your microphone is muted.',
  'live.micOn': 'Your microphone is on.',
  'live.cameraOff': 'Your camera is off.',
  'live.cameraOn': 'Your camera is on.',
};
