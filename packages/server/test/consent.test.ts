/**
 * Issue 9, consent and checklists in the call (ADR 0018), over a real socket and real storage:
 * the checkbox before the waiting room is a consent record naming the text's hash; only the
 * participant records their own consent in the browser and only a host records spoken consent
 * (refusals are coded and store nothing); withdrawing is recorded; hosts hear every record; a
 * required checklist item blocks the end until it is ticked.
 */
import { PROTOCOL_VERSION } from '@samtale/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import type { Storage } from '../src/storage/types.ts';
import { currentChecklist, currentPatientText, saveChecklist, savePatientText } from '../src/consent/documents.ts';
import { consultationChecklist, setChecklistTick } from '../src/consent/consultation-checklist.ts';
import {
  joinAsHostMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';
import type { TestClient } from './helpers/TestClient.ts';

describe.each(storageBackends())('consent and checklists in the call on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let server: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    clinic = await seedClinic(storage);
    server = await startSignaling(storage);
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  async function hostIn(consultationId: string): Promise<{ client: TestClient; id: string }> {
    const client = await server.connect(clinic.clinician.cookie);
    client.send(joinAsHostMessage(consultationId));
    const welcome = await client.next('welcome');
    await client.next('admitted');
    return { client, id: welcome.participantId };
  }

  async function patientIn(
    token: string,
    consent?: { hash: string; language: 'nb' | 'nn' | 'en' },
    name = 'Kari Pasient',
  ) {
    const client = await server.connect();
    client.send({
      type: 'join',
      id: 'join-link',
      protocolVersion: PROTOCOL_VERSION,
      as: {
        kind: 'invitation',
        invitationToken: token,
        displayName: name,
        hasConsented: true,
        ...(consent ? { consent } : {}),
      },
    });
    const welcome = await client.next('welcome');
    await client.next('waiting');
    return { client, id: welcome.participantId };
  }

  async function consultationWithPatientAdmitted() {
    const { consultation, link } = await newConsultation(storage, clinic);
    const text = await currentPatientText(storage, clinic.organisationId, 'nn', new Date());
    const host = await hostIn(consultation.id);
    const patient = await patientIn(await link(), { hash: text.hash, language: 'nn' });
    host.client.send({ type: 'admit', participantId: patient.id });
    await patient.client.next('admitted');
    return { consultation, host, patient, text, link };
  }

  it("stores the patient's checkbox as a consent record naming the text's hash and language, and tells the host", async () => {
    const { consultation, host, patient, text } = await consultationWithPatientAdmitted();
    const pushed = await host.client.next('consents', (m) => m.records.length === 1);
    expect(pushed.records[0]).toMatchObject({
      participantId: patient.id,
      role: 'patient',
      decision: 'given',
      method: 'browser',
      textHash: text.hash,
      language: 'nn',
      recordedByUserId: null,
    });
    const stored = await storage.consents.listByConsultation(consultation.id);
    expect(stored).toHaveLength(1);
    const audit = (await storage.audit.list({ consultationId: consultation.id })).find(
      (e) => e.action === 'consent_given',
    );
    // The audit says how and in which language, never the text itself.
    expect(audit?.details).toEqual({ method: 'browser', language: 'nn' });
  });

  it("refuses a join naming a text that is not one of the organisation's, and stores no participant", async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const client = await server.connect();
    const error = await client.expectError({
      type: 'join',
      id: 'join-link',
      protocolVersion: PROTOCOL_VERSION,
      as: {
        kind: 'invitation',
        invitationToken: await link(),
        displayName: 'Kari',
        hasConsented: true,
        consent: { hash: 'a'.repeat(64), language: 'nb' },
      },
    });
    expect(error.code).toBe('CONSENT_TEXT_UNKNOWN');
    expect(await storage.participants.listByConsultation(consultation.id)).toEqual([]);
  });

  it('accepts an earlier version of the text after an admin saved a new one (the patient was reading it)', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const before = await currentPatientText(storage, clinic.organisationId, 'en', new Date());
    await savePatientText(
      storage,
      clinic.organisationId,
      'en',
      { information: 'New words.', consent: 'I agree.' },
      {
        userId: clinic.clinician.user.id,
        at: new Date(),
      },
    );
    await patientIn(await link(), { hash: before.hash, language: 'en' });
    expect((await storage.consents.listByConsultation(consultation.id)).map((r) => r.textHash)).toEqual([before.hash]);
  });

  it('refuses, coded and storing nothing: a patient recording consent for someone else, and spoken consent from a non-host', async () => {
    const { consultation, host, patient, text, link } = await consultationWithPatientAdmitted();
    const relative = await patientIn(await link('relative'), { hash: text.hash, language: 'nn' }, 'Per Pårørende');
    const countBefore = (await storage.consents.listByConsultation(consultation.id)).length;
    const forOther = await patient.client.expectError({
      type: 'recordConsent',
      id: 'c1',
      participantId: relative.id,
      decision: 'withdrawn',
      method: 'browser',
    });
    expect(forOther).toMatchObject({ code: 'FORBIDDEN', ref: 'c1' });
    const spokenByPatient = await patient.client.expectError({
      type: 'recordConsent',
      id: 'c2',
      participantId: relative.id,
      decision: 'given',
      method: 'spoken',
      text: { hash: text.hash, language: 'nn' },
    });
    expect(spokenByPatient).toMatchObject({ code: 'NOT_HOST', ref: 'c2' });
    const hostTicksForPatient = await host.client.expectError({
      type: 'recordConsent',
      id: 'c3',
      participantId: patient.id,
      decision: 'given',
      method: 'browser',
      text: { hash: text.hash, language: 'nn' },
    });
    expect(hostTicksForPatient).toMatchObject({ code: 'FORBIDDEN', ref: 'c3' });
    const forHost = await host.client.expectError({
      type: 'recordConsent',
      id: 'c4',
      participantId: host.id,
      decision: 'given',
      method: 'spoken',
      text: { hash: text.hash, language: 'nn' },
    });
    expect(forHost).toMatchObject({ code: 'INVALID_STATE', ref: 'c4' });
    expect(await storage.consents.listByConsultation(consultation.id)).toHaveLength(countBefore);
  });

  it('records a withdrawal by the patient and spoken consent by the host, each told to the host', async () => {
    const { consultation, host, patient, text } = await consultationWithPatientAdmitted();
    await host.client.next('consents', (m) => m.records.length === 1);
    patient.client.send({ type: 'recordConsent', participantId: patient.id, decision: 'withdrawn', method: 'browser' });
    const withdrawn = await host.client.next('consents', (m) => m.records.length === 2);
    expect(withdrawn.records[1]).toMatchObject({ decision: 'withdrawn', method: 'browser', textHash: text.hash });
    host.client.send({
      type: 'recordConsent',
      participantId: patient.id,
      decision: 'given',
      method: 'spoken',
      text: { hash: text.hash, language: 'nn' },
    });
    const spoken = await host.client.next('consents', (m) => m.records.length === 3);
    expect(spoken.records[2]).toMatchObject({
      decision: 'given',
      method: 'spoken',
      recordedByUserId: clinic.clinician.user.id,
    });
    const actions = (await storage.audit.list({ consultationId: consultation.id })).map((e) => e.action);
    expect(actions.filter((a) => a === 'consent_withdrawn')).toHaveLength(1);
  });

  it('refuses to end while a required-before-end item is unticked, then ends once it is ticked', async () => {
    // The organisation requires two items before the end (the default requires none).
    const defaults = await currentChecklist(storage, clinic.organisationId, new Date());
    await saveChecklist(
      storage,
      clinic.organisationId,
      defaults.items.map((i) =>
        i.id === 'identity-checked' || i.id === 'consent-given' ? { ...i, requiredBefore: 'end' as const } : i,
      ),
      { userId: clinic.clinician.user.id, at: new Date() },
    );
    const { consultation, host, patient } = await consultationWithPatientAdmitted();
    const checklist = await consultationChecklist(storage, consultation, new Date());
    expect(checklist.missingBeforeEnd).toEqual(['identity-checked', 'consent-given']);
    const refused = await host.client.expectError({ type: 'end', id: 'end-1' });
    expect(refused).toMatchObject({ code: 'CHECKLIST_INCOMPLETE', ref: 'end-1' });
    expect((await storage.consultations.get(consultation.id))?.status).not.toBe('ended');
    const user = clinic.clinician.user.id;
    await setChecklistTick(
      storage,
      consultation,
      { itemId: 'identity-checked', isTicked: true, userId: user },
      new Date(),
    );
    const after = await setChecklistTick(
      storage,
      consultation,
      { itemId: 'consent-given', isTicked: true, userId: user },
      new Date(),
    );
    expect(after.missingBeforeEnd).toEqual([]);
    expect(after.missingBeforeHandover).toEqual(['journal-written']);
    host.client.send({ type: 'end', id: 'end-2' });
    await patient.client.next('ended');
    expect((await storage.consultations.get(consultation.id))?.status).toBe('ended');
  });

  it('lets a host end a consultation nobody else came to, whatever the checklist', async () => {
    const { consultation } = await newConsultation(storage, clinic);
    const host = await hostIn(consultation.id);
    host.client.send({ type: 'end', id: 'end' });
    await host.client.next('ended');
  });
});
