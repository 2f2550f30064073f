import type { AccessibilityDictionary } from './nb.ts';

/** Texts of the accessibility statement, nynorsk. */
export const nn: AccessibilityDictionary = {
  'a11y.title': 'Tilgjengelegheitserklæring for Samtale',
  'a11y.intro':
    'Samtale er ei løysing for videokonsultasjonar og videomøte i helsetenesta og offentleg sektor. Pasientar og andre deltakarar opnar ei lenkje i nettlesaren, testar kamera og mikrofon og ventar i eit venterom til behandlaren slepper dei inn. Erklæringa gjeld nettløysinga på {origin}.',
  'a11y.statusHeading': 'Samsvarsstatus',
  'a11y.status':
    'Løysinga er delvis i samsvar med krava i WCAG 2.1 på nivå A og AA, som forskrift om universell utforming av IKT-løysingar krev. Avvika står under.',
  'a11y.testedHeading': 'Kva vi testar, og korleis',
  'a11y.testedAxe':
    'Kvar testkøyring går gjennom {count} skjermbilete med axe-core {version}, med reglane for WCAG 2.0 og 2.1 nivå A og AA. Eit alvorleg eller kritisk brot stoppar testkøyringa.',
  'a11y.testedKeyboard':
    'Heile vegen til pasienten (lenkje, samtykke, test av kamera og mikrofon, namn, venterom, samtale, forlate) og vegen til behandlaren (sleppe inn, avslutte) blir gjord med tastaturet åleine, med synleg fokus. Fokus blir flytta til overskrifta på sida når sida blir bytt.',
  'a11y.testedLive':
    'Skjermlesarar får melding når du kjem inn i venterommet, når du blir sleppt inn, når nokon ventar (for behandlaren) og når mikrofonen blir dempa eller slått på.',
  'a11y.testedMotion': 'Animasjonar stoppar når du har bede om redusert rørsle i systemet ditt.',
  'a11y.testedWidth': 'Skjermane blir fotograferte og sett over i 1280 og 390 pikslar breidd.',
  'a11y.screensSummary': 'Skjermbilete som er sjekka ({count})',
  'a11y.screensCaption': 'Resultat frå axe per skjermbilete',
  'a11y.screen': 'Skjermbilete',
  'a11y.path': 'Adresse',
  'a11y.seriousOrCritical': 'Alvorlege eller kritiske brot',
  'a11y.lesser': 'Mindre brot',
  'a11y.deviationsHeading': 'Kjende avvik',
  'a11y.deviationCaptions':
    'Tale i samtalen blir ikkje teksta i sanntid (WCAG 1.2.4). Treng du tolk, kan behandlaren invitere ein tolk til samtalen.',
  'a11y.deviationManual':
    'Automatiske testar finn ikkje alle feil. Løysinga er ikkje gjennomgått manuelt med skjermlesar på alle skjermar, og testane køyrer i Chromium.',
  'a11y.deviationRules': 'Mindre brot som axe fann: {rules}.',
  'a11y.noLesser': 'axe fann ingen mindre brot.',
  'a11y.feedbackHeading': 'Tilbakemelding og kontakt',
  'a11y.feedback':
    'Møter du hindringar, kontakt verksemda som sende deg lenkja, til dømes legekontoret ditt. Du kan også klage til Tilsynet for universell utforming av IKT.',
  'a11y.supervisor': 'Tilsynet for universell utforming av IKT (uutilsynet.no)',
  'a11y.updated': 'Erklæringa vart sist oppdatert {date}, ut frå testresultata.',
};
