/**
 * The e-mails about an appointment, in the patient's language (bokmål, nynorsk, English), from the
 * organisation's e-mail text or the default (email-templates.ts). They hold no health information
 * (issue 9): the organisation, the time, the link and how to prepare — never the clinician's label,
 * the kind of appointment, or who the clinician is. Every e-mail but a cancellation ends with the
 * link to the equipment test, whatever the organisation wrote.
 */
import type { NotificationPurpose, PatientLanguage } from '@samtale/protocol';
import { DEFAULT_EMAIL_TEMPLATES, renderEmail, type EmailTemplate } from './email-templates.ts';
import { DEFAULT_PREPARATION } from './message-templates.ts';

export { escapeHtml } from './email-templates.ts';

export interface AppointmentEmailInput {
  purpose: NotificationPurpose;
  language: PatientLanguage;
  organisationName: string;
  startsAt: Date;
  timeZone: string;
  /** The call's link; null in a cancellation. */
  url: string | null;
  /** The equipment test's link tied to the call's (`/test#<key>`, issue 9); null in a cancellation. */
  testUrl: string | null;
  /** The organisation's own text; the default when absent. */
  template?: EmailTemplate | undefined;
}

export interface AppointmentEmail {
  subject: string;
  text: string;
  html: string;
  /** The calendar event's title and description. */
  summary: string;
  description: string;
}

const LOCALES: Record<PatientLanguage, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

interface Texts {
  summary: (org: string) => string;
  link: string;
  /** The equipment test (`/test`, issue 9), linked from every invitation. */
  testLink: string;
}

const TEXTS: Record<PatientLanguage, Texts> = {
  nb: {
    summary: (org) => `Videokonsultasjon hos ${org}`,
    link: 'Lenke',
    testLink: 'Test kamera, mikrofon og nett på forhånd',
  },
  nn: {
    summary: (org) => `Videokonsultasjon hos ${org}`,
    link: 'Lenkje',
    testLink: 'Test kamera, mikrofon og nett på førehand',
  },
  en: {
    summary: (org) => `Video consultation with ${org}`,
    link: 'Link',
    testLink: 'Test your camera, microphone and network beforehand',
  },
};

/** The appointment's time as the patient reads it, e.g. "tirsdag 15. januar 2030 kl. 10:00". */
export function formatAppointmentTime(at: Date, language: PatientLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);
}

/** Subject, plain text, HTML and calendar texts of one e-mail. */
export function appointmentEmail(input: AppointmentEmailInput): AppointmentEmail {
  const t = TEXTS[input.language];
  const org = input.organisationName;
  const url = input.purpose === 'cancellation' ? null : input.url;
  const testUrl = url === null ? null : input.testUrl;
  const template = input.template ?? DEFAULT_EMAIL_TEMPLATES[input.language][input.purpose];
  const rendered = renderEmail(
    template,
    {
      organisasjon: org,
      tid: formatAppointmentTime(input.startsAt, input.language, input.timeZone),
      lenke: url ?? '',
      forberedelse: DEFAULT_PREPARATION[input.language],
    },
    input.language,
    testUrl === null ? [] : [{ label: t.testLink, url: testUrl }],
  );
  const linkLines = url === null || testUrl === null ? [] : [`${t.link}: ${url}`, `${t.testLink}: ${testUrl}`];
  return {
    ...rendered,
    summary: t.summary(org),
    description: [...linkLines, ...(url === null ? [] : ['', DEFAULT_PREPARATION[input.language]])].join('\n'),
  };
}
