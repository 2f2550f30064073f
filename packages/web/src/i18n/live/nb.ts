/**
 * What the live announcer says (issue 11 item 5), bokmål: the changes a screen-reader user must
 * hear without moving focus. Loaded with the call and dashboard pages, not the patient's first page.
 */
export const nb = {
  'live.waiting': 'Du er i venterommet. Du hører fra oss når behandleren slipper deg inn.',
  'live.admitted': 'Du er sluppet inn i samtalen.',
  'live.newWaiting': '{name} venter på å bli sluppet inn.',
  'live.micMuted': 'Mikrofonen din er dempet.',
  'live.micOn': 'Mikrofonen din er på.',
  'live.cameraOff': 'Kameraet ditt er av.',
  'live.cameraOn': 'Kameraet ditt er på.',
} as const;

export type LiveTextKey = keyof typeof nb;
export type LiveDictionary = Record<LiveTextKey, string>;
