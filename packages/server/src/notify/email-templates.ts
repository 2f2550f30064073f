/**
 * E-mail texts (issue 9): a subject and a body per language and purpose, with the same four
 * placeholders as the SMS texts (message-templates.ts) — organisation, time, link, preparation —
 * so an e-mail cannot carry health information. The body is plain text: a blank line starts a
 * paragraph, lines starting with "- " make a list. The HTML part is built from it with every piece
 * of text escaped — the admin's words as much as the values — and `{lenke}` as a link.
 */
import type { NotificationPurpose, PatientLanguage } from '@samtale/protocol';
import { renderTemplate, unknownPlaceholders, type TemplateValues } from './message-templates.ts';

export interface EmailTemplate {
  subject: string;
  body: string;
}

const PREPARE: Record<PatientLanguage, string> = {
  nb: `Slik forbereder du deg:
- Bruk en nettleser på mobil, nettbrett eller PC. Du trenger ikke installere noe.
- Sitt et skjermet og stille sted med god nettforbindelse.
- Åpne lenken noen minutter før timen. Du venter i et venterom til du blir sluppet inn.

Samtalen er kryptert ende til ende, og ingenting blir tatt opp.`,
  nn: `Slik førebur du deg:
- Bruk ein nettlesar på mobil, nettbrett eller PC. Du treng ikkje installere noko.
- Sit ein skjerma og stille stad med godt nettsamband.
- Opne lenkja nokre minutt før timen. Du ventar i eit venterom til du blir sleppt inn.

Samtalen er kryptert ende til ende, og ingenting blir teke opp.`,
  en: `How to prepare:
- Use a web browser on a phone, tablet or computer. You do not need to install anything.
- Sit somewhere private and quiet, with a good internet connection.
- Open the link a few minutes before the appointment. You wait in a waiting room until you are let in.

The call is end-to-end encrypted, and nothing is recorded.`,
};

/** The e-mails when an organisation has not written its own. */
export const DEFAULT_EMAIL_TEMPLATES: Readonly<
  Record<PatientLanguage, Readonly<Record<NotificationPurpose, EmailTemplate>>>
> = {
  nb: {
    invitation: {
      subject: 'Videokonsultasjon hos {organisasjon}, {tid}',
      body: `Du har time til videokonsultasjon hos {organisasjon}.\n\nTid: {tid}\nLenke: {lenke}\n\n${PREPARE.nb}\n\nHilsen {organisasjon}`,
    },
    update: {
      subject: 'Ny tid: videokonsultasjon hos {organisasjon}, {tid}',
      body: `Timen din til videokonsultasjon hos {organisasjon} er flyttet.\n\nTid: {tid}\nLenke: {lenke}\nLenken du fikk tidligere, virker ikke lenger.\n\n${PREPARE.nb}\n\nHilsen {organisasjon}`,
    },
    cancellation: {
      subject: 'Avlyst: videokonsultasjon hos {organisasjon}, {tid}',
      body: 'Timen din til videokonsultasjon hos {organisasjon} {tid} er avlyst.\n\nTa kontakt med {organisasjon} hvis du trenger en ny time.\n\nHilsen {organisasjon}',
    },
    reminder: {
      subject: 'Påminnelse: videokonsultasjon hos {organisasjon}, {tid}',
      body: `Påminnelse: du har time til videokonsultasjon hos {organisasjon} {tid}.\n\nLenke: {lenke}\n\n${PREPARE.nb}\n\nHilsen {organisasjon}`,
    },
  },
  nn: {
    invitation: {
      subject: 'Videokonsultasjon hos {organisasjon}, {tid}',
      body: `Du har time til videokonsultasjon hos {organisasjon}.\n\nTid: {tid}\nLenkje: {lenke}\n\n${PREPARE.nn}\n\nHelsing {organisasjon}`,
    },
    update: {
      subject: 'Ny tid: videokonsultasjon hos {organisasjon}, {tid}',
      body: `Timen din til videokonsultasjon hos {organisasjon} er flytta.\n\nTid: {tid}\nLenkje: {lenke}\nLenkja du fekk tidlegare, verkar ikkje lenger.\n\n${PREPARE.nn}\n\nHelsing {organisasjon}`,
    },
    cancellation: {
      subject: 'Avlyst: videokonsultasjon hos {organisasjon}, {tid}',
      body: 'Timen din til videokonsultasjon hos {organisasjon} {tid} er avlyst.\n\nTa kontakt med {organisasjon} om du treng ein ny time.\n\nHelsing {organisasjon}',
    },
    reminder: {
      subject: 'Påminning: videokonsultasjon hos {organisasjon}, {tid}',
      body: `Påminning: du har time til videokonsultasjon hos {organisasjon} {tid}.\n\nLenkje: {lenke}\n\n${PREPARE.nn}\n\nHelsing {organisasjon}`,
    },
  },
  en: {
    invitation: {
      subject: 'Video consultation with {organisasjon}, {tid}',
      body: `You have an appointment for a video consultation with {organisasjon}.\n\nTime: {tid}\nLink: {lenke}\n\n${PREPARE.en}\n\nKind regards, {organisasjon}`,
    },
    update: {
      subject: 'New time: video consultation with {organisasjon}, {tid}',
      body: `Your video consultation with {organisasjon} has been moved.\n\nTime: {tid}\nLink: {lenke}\nThe link you were sent before no longer works.\n\n${PREPARE.en}\n\nKind regards, {organisasjon}`,
    },
    cancellation: {
      subject: 'Cancelled: video consultation with {organisasjon}, {tid}',
      body: 'Your video consultation with {organisasjon} on {tid} has been cancelled.\n\nContact {organisasjon} if you need a new appointment.\n\nKind regards, {organisasjon}',
    },
    reminder: {
      subject: 'Reminder: video consultation with {organisasjon}, {tid}',
      body: `Reminder: you have a video consultation with {organisasjon} on {tid}.\n\nLink: {lenke}\n\n${PREPARE.en}\n\nKind regards, {organisasjon}`,
    },
  },
};

/** The placeholders of `template` that do not exist, over subject and body (empty: valid). */
export function unknownEmailPlaceholders(template: EmailTemplate): string[] {
  return [...new Set([...unknownPlaceholders(template.subject), ...unknownPlaceholders(template.body)])];
}

const TOKEN = /\{([^{}]*)\}/g;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** One line of the body as HTML: the admin's text and every value escaped, `{lenke}` a link. */
function htmlLine(line: string, values: TemplateValues): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(TOKEN)) {
    html += escapeHtml(line.slice(last, match.index));
    const name = match[1] as keyof TemplateValues;
    const value = values[name];
    html +=
      name === 'lenke' && value !== '' ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
    last = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(last));
}

/** Consecutive lines that are all list items ("- ") or all not. */
function runsOf(lines: readonly string[]): { isList: boolean; lines: string[] }[] {
  const runs: { isList: boolean; lines: string[] }[] = [];
  for (const line of lines) {
    const isList = line.startsWith('- ');
    const last = runs.at(-1);
    if (last !== undefined && last.isList === isList) last.lines.push(line);
    else runs.push({ isList, lines: [line] });
  }
  return runs;
}

/** The body as HTML: paragraphs at blank lines, "- " lines as a list, line breaks kept. */
function htmlBody(body: string, values: TemplateValues): string {
  return body
    .split(/\n\s*\n/)
    .flatMap((block) => runsOf(block.split('\n').filter((line) => line.trim() !== '')))
    .map((run) =>
      run.isList
        ? `<ul>${run.lines.map((line) => `<li>${htmlLine(line.slice(2), values)}</li>`).join('')}</ul>`
        : `<p>${run.lines.map((line) => htmlLine(line, values)).join('<br>')}</p>`,
    )
    .join('');
}

/** A line the server adds to every e-mail (not the admin's words): its text, and its HTML. */
export interface FixedLine {
  label: string;
  url: string;
}

/** Subject, plain text and HTML of an e-mail from `template`, with `footer` lines after the body. */
export function renderEmail(
  template: EmailTemplate,
  values: TemplateValues,
  language: PatientLanguage,
  footer: readonly FixedLine[] = [],
): { subject: string; text: string; html: string } {
  // A subject is one line: line breaks in a value would start new mail headers in a careless client.
  const subject = renderTemplate(template.subject, values).replace(/\s+/g, ' ').trim();
  const body = template.body.replace(/\r\n?/g, '\n').trim();
  const textFooter = footer.map((f) => `${f.label}: ${f.url}`);
  const text = [renderTemplate(body, values).trim(), ...(textFooter.length > 0 ? ['', ...textFooter] : [])].join('\n');
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${language}"><body>`,
    htmlBody(body, values),
    ...footer.map((f) => `<p>${e(f.label)}: <a href="${e(f.url)}">${e(f.url)}</a></p>`),
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
