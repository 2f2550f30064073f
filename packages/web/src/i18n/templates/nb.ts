/**
 * Texts of the admin's screen for messages to patients and reminder times (issue 9), bokmål.
 * Kept out of the main dictionaries: they load only with the admin page's lazy chunk.
 */
export const nb = {
  'templates.heading': 'Meldinger til pasienter',
  'templates.intro':
    'Tekstene pasienten får på SMS og e-post. Bruk bare plassholderne {organisasjon}, {tid}, {lenke} og {forberedelse}: tekstene kan ikke inneholde helseopplysninger.',
  'templates.channel': 'Kanal',
  'templates.channel.sms': 'SMS',
  'templates.channel.email': 'E-post',
  'templates.language': 'Språk',
  'templates.language.nb': 'Bokmål',
  'templates.language.nn': 'Nynorsk',
  'templates.language.en': 'Engelsk',
  'templates.purpose': 'Melding',
  'templates.purpose.invitation': 'Invitasjon',
  'templates.purpose.update': 'Ny tid',
  'templates.purpose.cancellation': 'Avlysning',
  'templates.purpose.reminder': 'Påminnelse',
  'templates.subject': 'Emne',
  'templates.body': 'Tekst',
  'templates.bodyHintSms': 'Lenken og tiden settes inn når meldingen sendes.',
  'templates.bodyHintEmail':
    'En tom linje gir nytt avsnitt, linjer som begynner med «- » blir en liste. Lenken til utstyrstesten legges alltid til nederst.',
  'templates.charactersLeft': '{n} tegn igjen',
  'templates.usesDefault': 'Bruker standardteksten.',
  'templates.usesOwn': 'Bruker organisasjonens egen tekst.',
  'templates.defaultHeading': 'Standardtekst',
  'templates.preview': 'Forhåndsvisning med eksempelverdier',
  'templates.previewSubject': 'Emne: {subject}',
  'templates.previewBusy': 'Lager forhåndsvisning …',
  'templates.save': 'Lagre teksten',
  'templates.reset': 'Tilbakestill til standard',
  'templates.saved': 'Teksten er lagret.',
  'templates.resetDone': 'Standardteksten brukes igjen.',
  'reminders.heading': 'Påminnelser',
  'reminders.intro':
    'Når påminnelsene sendes før timen, i minutter (opptil 5, skilt med komma). Gjelder timer som bestilles eller flyttes etter endringen.',
  'reminders.field': 'Minutter før timen',
  'reminders.default': 'Standard for tjenesten: {offsets}.',
  'reminders.customised': 'Organisasjonen bruker egne tider.',
  'reminders.save': 'Lagre påminnelsestider',
  'reminders.reset': 'Bruk standard',
  'reminders.saved': 'Påminnelsestidene er lagret: {offsets}.',
  'reminders.none': 'ingen',
};
export type TemplatesTextKey = keyof typeof nb;
export type TemplatesDictionary = Record<TemplatesTextKey, string>;
