/**
 * The FHIR R4 summary of a consultation, built in the clinician's browser (issue 9, ADR 0019):
 * a transaction Bundle with the Encounter (class VR), the Appointment (no-basis-Appointment with
 * no-basis-virtual-service), Practitioner and Patient with Norwegian identifiers, the Consent
 * where consent records exist, a DocumentReference holding the note and a ChargeItem per
 * confirmed billing code. Pure: the same input gives the same bundle (ids come from `newId`).
 */
import type {
  Appointment,
  Bundle,
  BundleEntry,
  ChargeItem,
  Consent,
  DocumentReference,
  Encounter,
  EncounterParticipant,
  Organization,
  Patient,
  Practitioner,
  Reference,
  RelatedPerson,
  Resource,
} from '@medplum/fhirtypes';
import type { BillingCode, JournalFacts, JournalParticipant } from '@samtale/protocol';
import { documentTypeDisplay, VOLVEN_9602, type DocumentTypeCode } from './document-types.ts';
import { HPR_SYSTEM, type PersonIdentifier } from './norwegian-id.ts';

export const NO_BASIS_APPOINTMENT = 'http://hl7.no/fhir/StructureDefinition/no-basis-Appointment';
export const NO_BASIS_VIRTUAL_SERVICE = 'http://hl7.no/fhir/StructureDefinition/no-basis-virtual-service';
export const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** What the clinician wrote and chose on the summary page; it exists only in the browser. */
export interface JournalDraft {
  note: string;
  documentType: DocumentTypeCode;
  patientIdentifier: PersonIdentifier | null;
  codes: readonly BillingCode[];
}

export interface SummaryInput {
  facts: JournalFacts;
  draft: JournalDraft;
  /** When the bundle is made (DocumentReference.date, ChargeItem.enteredDate). */
  now: Date;
  /** A fresh UUID per resource; `crypto.randomUUID` by default. */
  newId?: () => string;
}

/** UTF-8 text as base64 (Attachment.data), in browsers and Node alike. */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

type Entry = { fullUrl: string; resource: Resource };

/** The call's period: the consultation's start and end; during the call there is no end yet. */
function periodOf(facts: JournalFacts, now: Date): { start: string; end?: string } {
  const start = facts.startedAt ?? facts.appointment?.startsAt ?? now.toISOString();
  return facts.endedAt ? { start, end: facts.endedAt } : { start };
}

function participantType(role: JournalParticipant['role']): string | null {
  if (role === 'interpreter') return 'TRANS';
  if (role === 'colleague') return 'CON';
  return null;
}

/** Builds the transaction Bundle that the page downloads or POSTs to the EPJ. */
export function buildSummaryBundle(input: SummaryInput): Bundle {
  const { facts, draft, now } = input;
  const newId = input.newId ?? (() => crypto.randomUUID());
  const entries: Entry[] = [];
  const add = <T extends Resource>(resource: T): Reference<T> => {
    const fullUrl = `urn:uuid:${newId()}`;
    entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };
  const period = periodOf(facts, now);
  const isEnded = facts.status === 'ended';

  const organization = add<Organization>({ resourceType: 'Organization', name: facts.organisationName || 'Samtale' });
  const practitioner = add<Practitioner>({
    resourceType: 'Practitioner',
    ...(facts.host.hprNumber ? { identifier: [{ system: HPR_SYSTEM, value: facts.host.hprNumber }] } : {}),
    name: [{ text: facts.host.displayName }],
  });
  const patientRow = facts.participants.find((p) => p.role === 'patient');
  const patient = add<Patient>({
    resourceType: 'Patient',
    ...(draft.patientIdentifier
      ? { identifier: [{ system: draft.patientIdentifier.system, value: draft.patientIdentifier.value }] }
      : {}),
    ...(patientRow ? { name: [{ text: patientRow.displayName }] } : {}),
  });

  const others: EncounterParticipant[] = [];
  for (const p of facts.participants) {
    if (p.role === 'patient') continue;
    const type = participantType(p.role);
    const individual: Reference<Practitioner | RelatedPerson> =
      p.role === 'relative' || p.role === 'guest'
        ? add<RelatedPerson>({ resourceType: 'RelatedPerson', patient: patient, name: [{ text: p.displayName }] })
        : add<Practitioner>({
            resourceType: 'Practitioner',
            ...(p.hprNumber ? { identifier: [{ system: HPR_SYSTEM, value: p.hprNumber }] } : {}),
            name: [{ text: p.displayName }],
          });
    others.push({ ...(type ? { type: [{ coding: [{ system: PARTICIPATION_TYPE, code: type }] }] } : {}), individual });
  }

  const appointment = add<Appointment>({
    resourceType: 'Appointment',
    meta: { profile: [NO_BASIS_APPOINTMENT] },
    extension: [
      {
        url: NO_BASIS_VIRTUAL_SERVICE,
        // The link itself is a secret token: it never goes into the summary.
        extension: [
          {
            url: 'channelType',
            valueCoding: {
              system: 'http://hl7.org/fhir/contact-point-system',
              code: 'other',
              display: 'Samtale video',
            },
          },
        ],
      },
    ],
    status: isEnded ? 'fulfilled' : 'arrived',
    start: facts.appointment?.startsAt ?? period.start,
    ...(facts.appointment ? { end: facts.appointment.endsAt } : period.end ? { end: period.end } : {}),
    participant: [
      { actor: practitioner, status: 'accepted' },
      { actor: patient, status: 'accepted' },
    ],
  });

  const encounter = add<Encounter>({
    resourceType: 'Encounter',
    status: isEnded ? 'finished' : 'in-progress',
    class: { system: V3_ACT_CODE, code: 'VR', display: 'virtual' },
    subject: patient,
    participant: [
      { type: [{ coding: [{ system: PARTICIPATION_TYPE, code: 'PPRF' }] }], individual: practitioner },
      ...others,
    ],
    appointment: [appointment],
    period,
    serviceProvider: organization,
  });

  for (const consent of facts.consents ?? []) {
    add<Consent>({
      resourceType: 'Consent',
      status: consent.withdrawnAt ? 'inactive' : 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Consent Document' }] }],
      patient,
      dateTime: consent.at,
      language: consent.language === 'en' ? 'en' : consent.language === 'nn' ? 'nn' : 'nb',
      organization: [organization],
      // Which text was agreed to, by its SHA-256 (the text is the organisation's, versioned).
      policy: [{ uri: `urn:sha256:${consent.textHash}` }],
      ...(consent.withdrawnAt ? { provision: { type: 'deny', period: { start: consent.withdrawnAt } } } : {}),
    });
  }

  add<DocumentReference>({
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [{ system: VOLVEN_9602, code: draft.documentType, display: documentTypeDisplay(draft.documentType) }],
    },
    subject: patient,
    date: now.toISOString(),
    author: [practitioner],
    custodian: organization,
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'nb',
          data: base64Utf8(draft.note),
          title: documentTypeDisplay(draft.documentType),
          creation: now.toISOString(),
        },
      },
    ],
    context: { encounter: [encounter], period },
  });

  for (const code of draft.codes) {
    add<ChargeItem>({
      resourceType: 'ChargeItem',
      status: 'billable',
      code: { coding: [{ system: facts.billingTable.codeSystem, code: code.code, display: code.label }] },
      subject: patient,
      context: encounter,
      occurrencePeriod: period,
      performer: [{ actor: practitioner }],
      enteredDate: now.toISOString(),
    });
  }

  const entry: BundleEntry[] = entries.map(({ fullUrl, resource }) => ({
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType },
  }));
  return { resourceType: 'Bundle', type: 'transaction', timestamp: now.toISOString(), entry };
}
