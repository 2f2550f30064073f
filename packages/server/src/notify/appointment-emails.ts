/**
 * The texts of the e-mails about an appointment, in the patient's language (bokmål, nynorsk,
 * English). They hold no health information (issue 9): the organisation, the time, the link and
 * how to prepare — never the clinician's label, the kind of appointment, or who the clinician is.
 */
import type { NotificationPurpose, PatientLanguage } from '@samtale/protocol';

export interface AppointmentEmailInput {
  purpose: NotificationPurpose;
  language: PatientLanguage;
  organisationName: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  /** The call's link; null in a cancellation. */
  url: string | null;
  /** The equipment test's link tied to the call's (`/test#<key>`, issue 9); null in a cancellation. */
  testUrl: string | null;
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
  subject: Record<NotificationPurpose, (org: string, when: string) => string>;
  lead: Record<NotificationPurpose, (org: string, when: string) => string>;
  time: string;
  minutes: (n: number) => string;
  link: string;
  /** The equipment test (`/test`, issue 9), linked from every invitation. */
  testLink: string;
  oldLinkGone: string;
  prepareHeading: string;
  prepare: readonly string[];
  privacy: string;
  cancelledContact: (org: string) => string;
  greeting: (org: string) => string;
}

const TEXTS: Record<PatientLanguage, Texts> = {
  nb: {
    summary: (org) => `Videokonsultasjon hos ${org}`,
    subject: {
      invitation: (org, when) => `Videokonsultasjon hos ${org}, ${when}`,
      update: (org, when) => `Ny tid: videokonsultasjon hos ${org}, ${when}`,
      cancellation: (org, when) => `Avlyst: videokonsultasjon hos ${org}, ${when}`,
      reminder: (org, when) => `Påminnelse: videokonsultasjon hos ${org}, ${when}`,
    },
    lead: {
      invitation: (org) => `Du har time til videokonsultasjon hos ${org}.`,
      update: (org) => `Timen din til videokonsultasjon hos ${org} er flyttet.`,
      cancellation: (org, when) => `Timen din til videokonsultasjon hos ${org} ${when} er avlyst.`,
      reminder: (org, when) => `Påminnelse: du har time til videokonsultasjon hos ${org} ${when}.`,
    },
    time: 'Tid',
    minutes: (n) => `${n} minutter`,
    link: 'Lenke',
    testLink: 'Test kamera, mikrofon og nett på forhånd',
    oldLinkGone: 'Lenken du fikk tidligere, virker ikke lenger.',
    prepareHeading: 'Slik forbereder du deg',
    prepare: [
      'Bruk en nettleser på mobil, nettbrett eller PC. Du trenger ikke installere noe.',
      'Sitt et skjermet og stille sted med god nettforbindelse.',
      'Åpne lenken noen minutter før timen. Du venter i et venterom til du blir sluppet inn.',
    ],
    privacy: 'Samtalen er kryptert ende til ende, og ingenting blir tatt opp.',
    cancelledContact: (org) => `Ta kontakt med ${org} hvis du trenger en ny time.`,
    greeting: (org) => `Hilsen ${org}`,
  },
  nn: {
    summary: (org) => `Videokonsultasjon hos ${org}`,
    subject: {
      invitation: (org, when) => `Videokonsultasjon hos ${org}, ${when}`,
      update: (org, when) => `Ny tid: videokonsultasjon hos ${org}, ${when}`,
      cancellation: (org, when) => `Avlyst: videokonsultasjon hos ${org}, ${when}`,
      reminder: (org, when) => `Påminning: videokonsultasjon hos ${org}, ${when}`,
    },
    lead: {
      invitation: (org) => `Du har time til videokonsultasjon hos ${org}.`,
      update: (org) => `Timen din til videokonsultasjon hos ${org} er flytta.`,
      cancellation: (org, when) => `Timen din til videokonsultasjon hos ${org} ${when} er avlyst.`,
      reminder: (org, when) => `Påminning: du har time til videokonsultasjon hos ${org} ${when}.`,
    },
    time: 'Tid',
    minutes: (n) => `${n} minutt`,
    link: 'Lenkje',
    testLink: 'Test kamera, mikrofon og nett på førehand',
    oldLinkGone: 'Lenkja du fekk tidlegare, verkar ikkje lenger.',
    prepareHeading: 'Slik førebur du deg',
    prepare: [
      'Bruk ein nettlesar på mobil, nettbrett eller PC. Du treng ikkje installere noko.',
      'Sit ein skjerma og stille stad med godt nettsamband.',
      'Opne lenkja nokre minutt før timen. Du ventar i eit venterom til du blir sleppt inn.',
    ],
    privacy: 'Samtalen er kryptert ende til ende, og ingenting blir teke opp.',
    cancelledContact: (org) => `Ta kontakt med ${org} om du treng ein ny time.`,
    greeting: (org) => `Helsing ${org}`,
  },
  en: {
    summary: (org) => `Video consultation with ${org}`,
    subject: {
      invitation: (org, when) => `Video consultation with ${org}, ${when}`,
      update: (org, when) => `New time: video consultation with ${org}, ${when}`,
      cancellation: (org, when) => `Cancelled: video consultation with ${org}, ${when}`,
      reminder: (org, when) => `Reminder: video consultation with ${org}, ${when}`,
    },
    lead: {
      invitation: (org) => `You have an appointment for a video consultation with ${org}.`,
      update: (org) => `Your video consultation with ${org} has been moved.`,
      cancellation: (org, when) => `Your video consultation with ${org} on ${when} has been cancelled.`,
      reminder: (org, when) => `Reminder: you have a video consultation with ${org} on ${when}.`,
    },
    time: 'Time',
    minutes: (n) => `${n} minutes`,
    link: 'Link',
    testLink: 'Test your camera, microphone and network beforehand',
    oldLinkGone: 'The link you were sent before no longer works.',
    prepareHeading: 'How to prepare',
    prepare: [
      'Use a web browser on a phone, tablet or computer. You do not need to install anything.',
      'Sit somewhere private and quiet, with a good internet connection.',
      'Open the link a few minutes before the appointment. You wait in a waiting room until you are let in.',
    ],
    privacy: 'The call is end-to-end encrypted, and nothing is recorded.',
    cancelledContact: (org) => `Contact ${org} if you need a new appointment.`,
    greeting: (org) => `Kind regards, ${org}`,
  },
};

/** The appointment's time as the patient reads it, e.g. "tirsdag 15. januar 2030 kl. 10:00". */
export function formatAppointmentTime(at: Date, language: PatientLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Subject, plain text, HTML and calendar texts of one e-mail. */
export function appointmentEmail(input: AppointmentEmailInput): AppointmentEmail {
  const t = TEXTS[input.language];
  const org = input.organisationName;
  const when = formatAppointmentTime(input.startsAt, input.language, input.timeZone);
  const isCancellation = input.purpose === 'cancellation';
  const url = isCancellation ? null : input.url;
  const lead = t.lead[input.purpose](org, when);
  const details = isCancellation ? [] : [`${t.time}: ${when} (${t.minutes(input.durationMinutes)})`];
  const testUrl = url === null ? null : input.testUrl;
  const linkLine =
    url === null ? [] : [`${t.link}: ${url}`, ...(testUrl === null ? [] : [`${t.testLink}: ${testUrl}`])];
  const afterLink = input.purpose === 'update' ? [t.oldLinkGone] : [];
  const prepare = isCancellation ? [] : [`${t.prepareHeading}:`, ...t.prepare.map((p) => `- ${p}`), '', t.privacy];
  const closing = isCancellation ? [t.cancelledContact(org)] : [];
  const textLines = [
    lead,
    '',
    ...details,
    ...linkLine,
    ...afterLink,
    ...(prepare.length > 0 ? ['', ...prepare] : []),
    ...(closing.length > 0 ? ['', ...closing] : []),
    '',
    t.greeting(org),
  ];

  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${input.language}"><body>`,
    `<p>${e(lead)}</p>`,
    ...details.map((d) => `<p>${e(d)}</p>`),
    url === null ? '' : `<p><a href="${e(url)}">${e(url)}</a></p>`,
    testUrl === null ? '' : `<p>${e(t.testLink)}: <a href="${e(testUrl)}">${e(testUrl)}</a></p>`,
    ...afterLink.map((a) => `<p>${e(a)}</p>`),
    isCancellation
      ? ''
      : `<h2>${e(t.prepareHeading)}</h2><ul>${t.prepare.map((p) => `<li>${e(p)}</li>`).join('')}</ul><p>${e(t.privacy)}</p>`,
    ...closing.map((c) => `<p>${e(c)}</p>`),
    `<p>${e(t.greeting(org))}</p>`,
    '</body></html>',
  ].join('');

  return {
    subject: t.subject[input.purpose](org, when),
    text: textLines.join('\n'),
    html,
    summary: t.summary(org),
    description: [...linkLine, ...(isCancellation ? [] : ['', ...t.prepare])].join('\n'),
  };
}
