/**
 * The release's default patient texts and checklist (issue 9), saying what the seeds say: taking
 * part is voluntary and means consenting to care by video as at a visit; the call is encrypted
 * and nothing is recorded or stored; how to prepare; the journal is written as after a visit,
 * under the duty of confidentiality. The checklist follows the directorate's practical advice
 * (../shared/CLINICAL.md). Organisations edit their own; these stay as they were shown, by hash.
 */
import type { ChecklistItem, PatientTextBody, TextLanguage } from '@samtale/protocol';

export const DEFAULT_PATIENT_TEXTS: Readonly<Record<TextLanguage, PatientTextBody>> = {
  nb: {
    information: [
      'Videokonsultasjonen er en vanlig time, bare over video.',
      '',
      '# Frivillig',
      'Det er frivillig å delta. Når du deltar, samtykker du til å få helsehjelp over video, slik som ved et vanlig besøk. Du kan heller be om en time ved oppmøte eller på telefon.',
      '',
      '# Ingenting lagres',
      'Samtalen er kryptert. Ingenting tas opp, og verken lyd eller bilde lagres.',
      '',
      '# Journal',
      'Behandleren skriver i journalen din slik som etter et vanlig besøk. Taushetsplikten gjelder som ellers.',
      '',
      '# Slik forbereder du deg',
      '- Finn et privat og stille sted der ingen andre hører deg.',
      '- Lad telefonen, nettbrettet eller PC-en.',
      '- Hodetelefoner gir bedre lyd og mer privatliv.',
      '- Neste steg er å teste kamera og mikrofon.',
    ].join('\n'),
    consent:
      'Jeg vet at det er frivillig, og jeg samtykker til å få helsehjelp over video. Jeg kan trekke samtykket når som helst.',
  },
  nn: {
    information: [
      'Videokonsultasjonen er ein vanleg time, berre over video.',
      '',
      '# Frivillig',
      'Det er frivillig å delta. Når du deltek, samtykkjer du til å få helsehjelp over video, slik som ved eit vanleg besøk. Du kan heller be om ein time ved oppmøte eller på telefon.',
      '',
      '# Ingenting blir lagra',
      'Samtalen er kryptert. Ingenting blir teke opp, og verken lyd eller bilete blir lagra.',
      '',
      '# Journal',
      'Behandlaren skriv i journalen din slik som etter eit vanleg besøk. Teieplikta gjeld som elles.',
      '',
      '# Slik førebur du deg',
      '- Finn ein privat og stille stad der ingen andre høyrer deg.',
      '- Lad telefonen, nettbrettet eller PC-en.',
      '- Hovudtelefonar gir betre lyd og meir privatliv.',
      '- Neste steg er å teste kamera og mikrofon.',
    ].join('\n'),
    consent:
      'Eg veit at det er frivillig, og eg samtykkjer til å få helsehjelp over video. Eg kan trekkje samtykket når som helst.',
  },
  en: {
    information: [
      'The video consultation is an ordinary appointment, only by video.',
      '',
      '# Voluntary',
      'Taking part is voluntary. By taking part you consent to receive health care by video, as at an ordinary visit. You may ask for an appointment in person or by phone instead.',
      '',
      '# Nothing is stored',
      'The call is encrypted. Nothing is recorded, and neither sound nor picture is stored.',
      '',
      '# Your journal',
      'The clinician writes in your journal as after an ordinary visit. The duty of confidentiality applies as always.',
      '',
      '# How to prepare',
      '- Find a private, quiet place where nobody else can hear you.',
      '- Charge your phone, tablet or computer.',
      '- Headphones give better sound and more privacy.',
      '- The next step tests your camera and microphone.',
    ].join('\n'),
    consent:
      'I know that taking part is voluntary, and I consent to receive health care by video. I can withdraw my consent at any time.',
  },
};

/**
 * The directorate's practical advice as a starting checklist ("make your own checklists"). Nothing
 * blocks the end by default (an organisation decides what must be ticked before ending); the
 * journal note is required before the handover.
 */
export const DEFAULT_CHECKLIST: readonly ChecklistItem[] = [
  {
    id: 'private-room',
    phase: 'before',
    label: {
      nb: 'Privat og stille rom, hodetelefoner klare',
      nn: 'Privat og stille rom, hovudtelefonar klare',
      en: 'Private and quiet room, headphones ready',
    },
    requiredBefore: null,
  },
  {
    id: 'interpreter-booked',
    phase: 'before',
    label: {
      nb: 'Tolk bestilt der det trengs',
      nn: 'Tolk bestilt der det trengst',
      en: 'Interpreter booked where needed',
    },
    requiredBefore: null,
  },
  {
    id: 'identity-checked',
    phase: 'during',
    label: {
      nb: 'Pasientens identitet kontrollert',
      nn: 'Identiteten til pasienten kontrollert',
      en: "Patient's identity checked",
    },
    requiredBefore: null,
  },
  {
    id: 'who-is-present',
    phase: 'during',
    label: {
      nb: 'Avklart hvem som er til stede hos pasienten',
      nn: 'Avklart kven som er til stades hos pasienten',
      en: "Checked who is present on the patient's side",
    },
    requiredBefore: null,
  },
  {
    id: 'fallback-phone',
    phase: 'during',
    label: {
      nb: 'Telefonnummer avtalt i tilfelle samtalen brytes',
      nn: 'Telefonnummer avtalt i tilfelle samtalen blir broten',
      en: 'Fallback phone number agreed in case the call drops',
    },
    requiredBefore: null,
  },
  {
    id: 'consent-given',
    phase: 'during',
    label: { nb: 'Samtykke gitt', nn: 'Samtykke gitt', en: 'Consent given' },
    requiredBefore: null,
  },
  {
    id: 'journal-written',
    phase: 'after',
    label: {
      nb: 'Journalnotat skrevet som etter et vanlig besøk',
      nn: 'Journalnotat skrive som etter eit vanleg besøk',
      en: 'Journal note written as after a visit',
    },
    requiredBefore: 'handover',
  },
];
