import type { AccessibilityDictionary } from './nb.ts';

/** Texts of the accessibility statement, English. */
export const en: AccessibilityDictionary = {
  'a11y.title': 'Accessibility statement for Samtale',
  'a11y.intro':
    'Samtale is a service for video consultations and video meetings in health care and the public sector. Patients and other participants open a link in the browser, test their camera and microphone and wait in a waiting room until the clinician lets them in. This statement covers the web service at {origin}.',
  'a11y.statusHeading': 'Compliance status',
  'a11y.status':
    'The service partially conforms to WCAG 2.1 levels A and AA, as required by the Norwegian regulations on universal design of ICT. The deviations are listed below.',
  'a11y.testedHeading': 'What we test, and how',
  'a11y.testedAxe':
    'Every test run checks {count} screens with axe-core {version}, using the rules for WCAG 2.0 and 2.1 levels A and AA. A serious or critical violation stops the test run.',
  'a11y.testedKeyboard':
    "The patient's whole path (link, consent, camera and microphone check, name, waiting room, call, leaving) and the clinician's path (letting in, ending) are done with the keyboard alone, with visible focus. Focus moves to the page's heading when the page changes.",
  'a11y.testedLive':
    'Screen readers are told when you enter the waiting room, when you are let in, when someone is waiting (for the clinician) and when the microphone is muted or unmuted.',
  'a11y.testedMotion': 'Animations stop when you have asked your system for reduced motion.',
  'a11y.testedWidth': 'The screens are photographed and reviewed at 1280 and 390 pixels wide.',
  'a11y.screensSummary': 'Screens checked ({count})',
  'a11y.screensCaption': 'axe results per screen',
  'a11y.screen': 'Screen',
  'a11y.path': 'Address',
  'a11y.seriousOrCritical': 'Serious or critical violations',
  'a11y.lesser': 'Minor violations',
  'a11y.deviationsHeading': 'Known deviations',
  'a11y.deviationCaptions':
    'Speech in the call is not captioned in real time (WCAG 1.2.4). If you need an interpreter, the clinician can invite one to the call.',
  'a11y.deviationManual':
    'Automated tests do not find every problem. The service has not been reviewed by hand with a screen reader on every screen, and the tests run in Chromium.',
  'a11y.deviationRules': 'Minor violations axe found: {rules}.',
  'a11y.noLesser': 'axe found no minor violations.',
  'a11y.feedbackHeading': 'Feedback and contact',
  'a11y.feedback':
    'If something stops you, contact the organisation that sent you the link, for example your GP practice. You can also complain to the Norwegian Authority for Universal Design of ICT.',
  'a11y.supervisor': 'The Norwegian Authority for Universal Design of ICT (uutilsynet.no)',
  'a11y.updated': 'This statement was last updated on {date}, from the test results.',
};
