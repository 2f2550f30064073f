/**
 * The equipment test's texts in bokmål (the default). They live with the page, not in i18n/,
 * so the patient's first page does not download them: only `/test` does (ADR 0020).
 */
export const nb = {
  title: 'Test utstyret ditt',
  intro:
    'Her kan du teste kamera, mikrofon, lyd og nettverk før videosamtalen. Du trenger ikke logge inn, og ingenting blir lagret.',
  introFromInvitation:
    'Her kan du teste kamera, mikrofon, lyd og nettverk før videosamtalen. Du trenger ikke logge inn.',
  privacy:
    'Prøvesamtalen går fra nettleseren din, gjennom videotjeneren vår og tilbake igjen. Ingen andre ser eller hører den.',
  start: 'Start testen',
  again: 'Test igjen',
  progress: 'Fremdrift',
  stepsHeading: 'Dette testes',
  'state.pending': 'Venter',
  'state.running': 'Tester …',
  'state.ok': 'OK',
  'state.warn': 'Se råd',
  'state.fail': 'Virker ikke',
  'state.skipped': 'Hoppet over',
  'step.camera': 'Kamera',
  'step.microphone': 'Mikrofon',
  'step.speaker': 'Høyttaler',
  'step.server': 'Kontakt med Samtale',
  'step.turnUdp': 'Videonettverk over UDP',
  'step.turnTcp': 'Videonettverk over TCP/TLS',
  'step.call': 'Prøvesamtale',
  'step.encryption': 'Ende-til-ende-kryptering',
  'detail.cameraOk': 'Du skal se deg selv i bildet.',
  'detail.microphoneOk': 'Mikrofonen hører lyd.',
  'detail.microphoneListening': 'Si noe, så ser du utslag.',
  'detail.microphoneSilent': 'Vi hører ingenting fra mikrofonen.',
  'detail.deviceProblem': 'Ikke tilgjengelig.',
  'detail.speakerAsk': 'Spill av testlyden og si fra om du hørte den.',
  'detail.speakerHeard': 'Du hørte testlyden.',
  'detail.speakerNotHeard': 'Du hørte ikke testlyden.',
  'detail.reached': 'Nettstedet og sanntidsforbindelsen svarer.',
  'detail.notReached': 'Vi får ikke kontakt.',
  'detail.relayOk': 'Åpent.',
  'detail.relayBlocked': 'Stengt eller ikke tilgjengelig.',
  'detail.noTurn': 'Ikke satt opp på denne tjenesten.',
  'detail.callMeasured': 'Sendte {kbps} kbit/s, plass til {capacity} kbit/s, svartid {rtt} ms',
  'detail.callFailed': 'Prøvesamtalen kom ikke i gang.',
  'detail.encryptionOk': 'Nettleseren kan kryptere samtalen.',
  'detail.encryptionMissing': 'Nettleseren kan ikke kryptere samtalen.',
  'speaker.play': 'Spill av testlyd',
  'speaker.question': 'Hørte du lyden?',
  'speaker.yes': 'Ja, jeg hørte den',
  'speaker.no': 'Nei',
  'device.camera': 'Kameraet',
  'device.microphone': 'Mikrofonen',
  verdictHeading: 'Resultat',
  'verdict.good': 'Alt ser bra ut',
  'verdict.goodBody': 'Du er klar for videosamtalen. Bruk lenken du har fått når det er tid.',
  'verdict.warn': 'Samtalen skal fungere, men se rådene under',
  'verdict.bad': 'Noe må ordnes før videosamtalen',
  'advice.server': 'Vi får ikke kontakt med Samtale. Sjekk at du er koblet til internett, og test igjen.',
  'advice.network':
    'Nettverket ditt blokkerer videosamtaler; prøv et annet nettverk, for eksempel mobildata i stedet for wifi på jobb, skole eller hotell.',
  'advice.udpBlocked':
    'Nettverket ditt stenger den raskeste veien for video. Samtalen går likevel, men lyd og bilde kan bli litt forsinket.',
  'advice.slow': 'Forbindelsen er svak. Sett deg nærmere ruteren, eller prøv et annet nettverk.',
  'advice.denied':
    'Nettleseren har ikke fått lov til å bruke {device}. Trykk på hengelåsen eller kameraikonet i adressefeltet, velg «Tillat», og test igjen.',
  'advice.inUse':
    '{device} er i bruk av et annet program. Lukk programmer som Teams, Zoom eller FaceTime, og test igjen.',
  'advice.notFound': 'Vi finner ikke {device}. Sjekk tilkoblingen, eller bruk en mobil eller et nettbrett.',
  'advice.unknown': '{device} virker ikke. Start nettleseren på nytt, og test igjen.',
  'advice.microphoneSilent':
    'Vi hører ingenting fra mikrofonen. Sjekk at den ikke er dempet, eller velg en annen mikrofon.',
  'advice.speaker': 'Skru opp lyden på enheten, eller prøv hodetelefoner.',
  'advice.encryption':
    'Denne nettleseren kan ikke kryptere samtalen. Bruk en oppdatert Chrome, Edge, Firefox eller Safari.',
  'device.cameraObject': 'kameraet',
  'device.microphoneObject': 'mikrofonen',
  'device.both': 'Kameraet og mikrofonen',
  'device.bothObject': 'kameraet og mikrofonen',
  'detail.rateLimited': 'Du har testet mange ganger på kort tid. Vent noen minutter, og test igjen.',
  progressCount: '{done} av {total} ferdig',
  'appointment.note':
    'Du åpnet testen fra invitasjonen din. Når testen er ferdig, får klinikken vite når du testet og om alt virket – ikke noe mer.',
  'appointment.reported': 'Klinikken har fått beskjed om at du har testet utstyret.',
  'appointment.notReported':
    'Klinikken fikk ikke beskjed om testen. Det gjør ikke noe: du kan bruke lenken til timen likevel.',
};

export type EquipmentKey = keyof typeof nb;
export type EquipmentTexts = Record<EquipmentKey, string>;
