/**
 * Message templates with placeholders (issue 9): `{organisasjon}`, `{tid}`, `{lenke}` and
 * `{forberedelse}`, nothing else — so a template cannot pull in health information. A template
 * naming any other placeholder is refused (TEMPLATE_INVALID). Rendering is one pass: a value that
 * itself contains `{lenke}` stays text. An HTML message escapes every value.
 */
import type { NotificationPurpose, PatientLanguage } from '@samtale/protocol';

export const PLACEHOLDERS = ['organisasjon', 'tid', 'lenke', 'forberedelse'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Readonly<Record<Placeholder, string>>;

/** Longest template text accepted (Sveve's `msg` takes 1071 characters; an e-mail more). */
export const MAX_TEMPLATE_LENGTH = 2000;

const TOKEN = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** The placeholders `template` names that do not exist, in order, each once (empty: valid). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (!isPlaceholder(name)) unknown.add(name);
  }
  return [...unknown];
}

/** `template` with each placeholder replaced by its value (passed through `escape`, e.g. for HTML). */
export function renderTemplate(
  template: string,
  values: TemplateValues,
  escape: (value: string) => string = (v) => v,
): string {
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) throw new TypeError(`unknown placeholders: ${unknown.join(', ')}`);
  return template.replace(TOKEN, (_whole, name: string) => escape(isPlaceholder(name) ? values[name] : ''));
}

/** The SMS texts when an organisation has not written its own: organisation, time, link — no health information. */
export const DEFAULT_SMS_TEMPLATES: Readonly<Record<PatientLanguage, Readonly<Record<NotificationPurpose, string>>>> = {
  nb: {
    invitation: 'Du har time til videokonsultasjon hos {organisasjon} {tid}. Åpne lenken litt før: {lenke}',
    update: 'Timen din til videokonsultasjon hos {organisasjon} er flyttet til {tid}. Ny lenke: {lenke}',
    cancellation: 'Timen din til videokonsultasjon hos {organisasjon} {tid} er avlyst.',
    reminder: 'Påminnelse: videokonsultasjon hos {organisasjon} {tid}. {forberedelse} {lenke}',
  },
  nn: {
    invitation: 'Du har time til videokonsultasjon hos {organisasjon} {tid}. Opne lenkja litt før: {lenke}',
    update: 'Timen din til videokonsultasjon hos {organisasjon} er flytta til {tid}. Ny lenkje: {lenke}',
    cancellation: 'Timen din til videokonsultasjon hos {organisasjon} {tid} er avlyst.',
    reminder: 'Påminning: videokonsultasjon hos {organisasjon} {tid}. {forberedelse} {lenke}',
  },
  en: {
    invitation: 'You have a video consultation with {organisasjon} on {tid}. Open the link a little before: {lenke}',
    update: 'Your video consultation with {organisasjon} has moved to {tid}. New link: {lenke}',
    cancellation: 'Your video consultation with {organisasjon} on {tid} has been cancelled.',
    reminder: 'Reminder: video consultation with {organisasjon} on {tid}. {forberedelse} {lenke}',
  },
};

/** `{forberedelse}` by default: one short line on how to prepare. */
export const DEFAULT_PREPARATION: Readonly<Record<PatientLanguage, string>> = {
  nb: 'Sitt et skjermet og stille sted med god nettforbindelse.',
  nn: 'Sit ein skjerma og stille stad med godt nettsamband.',
  en: 'Sit somewhere private and quiet with a good connection.',
};
