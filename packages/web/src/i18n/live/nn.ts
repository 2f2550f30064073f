import type { LiveDictionary } from './nb.ts';

/** What the live announcer says, nynorsk. */
export const nn: LiveDictionary = {
  'live.waiting': 'Du er i venterommet. Du høyrer frå oss når behandlaren slepper deg inn.',
  'live.admitted': 'Du er sleppt inn i samtalen.',
  'live.newWaiting': '{name} ventar på å bli sleppt inn.',
  'live.micMuted': 'Mikrofonen din er dempa.',
  'live.micOn': 'Mikrofonen din er på.',
  'live.cameraOff': 'Kameraet ditt er av.',
  'live.cameraOn': 'Kameraet ditt er på.',
};
