/**
 * The summary as plain text, for EPJ systems that take pasted text and no FHIR (CLINICAL.md).
 * Written in bokmål whatever the page's language (it goes into a Norwegian journal), with times
 * in Norwegian local time, one fact per line, the note last and unchanged.
 */
import type { JournalParticipant } from '@samtale/protocol';
import { documentTypeDisplay } from './document-types.ts';
import type { SummaryInput } from './fhir-bundle.ts';
import { durationMinutes } from './billing-match.ts';

const ROLE: Record<JournalParticipant['role'], string> = {
  host: 'behandler',
  patient: 'pasient',
  relative: 'pårørende',
  interpreter: 'tolk',
  colleague: 'kollega',
  guest: 'gjest',
};

const date = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const time = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The plain-text form of the summary. */
export function formatPlainText(input: Omit<SummaryInput, 'newId'>): string {
  const { facts, draft } = input;
  const start = new Date(facts.startedAt ?? facts.appointment?.startsAt ?? input.now.toISOString());
  const end = facts.endedAt ? new Date(facts.endedAt) : null;
  const when = end
    ? `${date.format(start)} kl. ${time.format(start)}–${time.format(end)} (${durationMinutes(start, end)} min)`
    : `${date.format(start)} kl. ${time.format(start)} (pågår)`;
  const lines = [
    `${documentTypeDisplay(draft.documentType)} – videokonsultasjon`,
    `Virksomhet: ${facts.organisationName}`,
    `Tid: ${when}`,
    `Behandler: ${facts.host.displayName}${facts.host.hprNumber ? ` (HPR-nr. ${facts.host.hprNumber})` : ''}`,
  ];
  const patient = facts.participants.find((p) => p.role === 'patient');
  const id = draft.patientIdentifier;
  if (patient || id) {
    const label = id?.kind === 'dnr' ? 'D-nummer' : 'fødselsnummer';
    lines.push(`Pasient: ${[patient?.displayName, id ? `${label} ${id.value}` : null].filter(Boolean).join(', ')}`);
  }
  const others = facts.participants.filter((p) => p.role !== 'patient');
  if (others.length > 0)
    lines.push(`Andre deltakere: ${others.map((p) => `${p.displayName} (${ROLE[p.role]})`).join(', ')}`);
  for (const consent of facts.consents ?? []) {
    const how = consent.method === 'spoken' ? 'muntlig, registrert av behandler' : 'avkrysset av pasienten';
    const withdrawn = consent.withdrawnAt ? `, trukket ${time.format(new Date(consent.withdrawnAt))}` : '';
    lines.push(`Samtykke: gitt ${time.format(new Date(consent.at))} (${how}${withdrawn})`);
  }
  if (draft.codes.length > 0) lines.push(`Takster: ${draft.codes.map((c) => `${c.code} (${c.label})`).join(', ')}`);
  lines.push('', 'Notat:', draft.note);
  return lines.join('\n');
}
