/**
 * Texts of the accessibility statement (/tilgjengelighet, issue 11 item 5), bokmål, after the
 * model of Tilsynet for universell utforming av IKT. Loaded only with that page.
 */
export const nb = {
  'a11y.title': 'Tilgjengelighetserklæring for Samtale',
  'a11y.intro':
    'Samtale er en løsning for videokonsultasjoner og videomøter i helsetjenesten og offentlig sektor. Pasienter og andre deltakere åpner en lenke i nettleseren, tester kamera og mikrofon og venter i et venterom til behandleren slipper dem inn. Erklæringen gjelder nettløsningen på {origin}.',
  'a11y.statusHeading': 'Samsvarsstatus',
  'a11y.status':
    'Løsningen er delvis i samsvar med kravene i WCAG 2.1 på nivå A og AA, som forskrift om universell utforming av IKT-løsninger krever. Avvikene står under.',
  'a11y.testedHeading': 'Hva vi tester, og hvordan',
  'a11y.testedAxe':
    'Hver testkjøring går gjennom {count} skjermbilder med axe-core {version}, med reglene for WCAG 2.0 og 2.1 nivå A og AA. Et alvorlig eller kritisk brudd stopper testkjøringen.',
  'a11y.testedKeyboard':
    'Hele pasientens vei (lenke, samtykke, test av kamera og mikrofon, navn, venterom, samtale, forlate) og behandlerens vei (slippe inn, avslutte) gjøres med tastaturet alene, med synlig fokus. Fokus flyttes til sidens overskrift når siden byttes.',
  'a11y.testedLive':
    'Skjermlesere får beskjed når du kommer inn i venterommet, når du blir sluppet inn, når noen venter (for behandleren) og når mikrofonen dempes eller slås på.',
  'a11y.testedMotion': 'Animasjoner stopper når du har bedt om redusert bevegelse i systemet ditt.',
  'a11y.testedWidth': 'Skjermene fotograferes og ses over i 1280 og 390 piksler bredde.',
  'a11y.screensSummary': 'Skjermbilder som er sjekket ({count})',
  'a11y.screensCaption': 'Resultat fra axe per skjermbilde',
  'a11y.screen': 'Skjermbilde',
  'a11y.path': 'Adresse',
  'a11y.seriousOrCritical': 'Alvorlige eller kritiske brudd',
  'a11y.lesser': 'Mindre brudd',
  'a11y.deviationsHeading': 'Kjente avvik',
  'a11y.deviationCaptions':
    'Tale i samtalen tekstes ikke i sanntid (WCAG 1.2.4). Trenger du tolk, kan behandleren invitere en tolk til samtalen.',
  'a11y.deviationManual':
    'Automatiske tester finner ikke alle feil. Løsningen er ikke gjennomgått manuelt med skjermleser på alle skjermer, og testene kjører i Chromium.',
  'a11y.deviationRules': 'Mindre brudd som axe fant: {rules}.',
  'a11y.noLesser': 'axe fant ingen mindre brudd.',
  'a11y.feedbackHeading': 'Tilbakemelding og kontakt',
  'a11y.feedback':
    'Møter du hindringer, kontakt virksomheten som sendte deg lenken, for eksempel legekontoret ditt. Du kan også klage til Tilsynet for universell utforming av IKT.',
  'a11y.supervisor': 'Tilsynet for universell utforming av IKT (uutilsynet.no)',
  'a11y.updated': 'Erklæringen ble sist oppdatert {date}, ut fra testresultatene.',
} as const;

export type AccessibilityTextKey = keyof typeof nb;
export type AccessibilityDictionary = Record<AccessibilityTextKey, string>;
