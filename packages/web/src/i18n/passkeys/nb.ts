/**
 * Texts of the passkey screens (issue 8), bokmål. Kept out of the main dictionaries so they load
 * only with the clinician's login, account and admin pages, never on the patient's first page.
 */
export const nb = {
  'passkey.login': 'Logg inn med passnøkkel',
  'passkey.or': 'eller',
  'passkey.loginHint': 'Bruk en passnøkkel du har lagret på denne enheten, mobilen eller en sikkerhetsnøkkel.',
  'passkey.secondFactorTitle': 'Bekreft med passnøkkel',
  'passkey.secondFactorIntro': 'Kontoen din krever passnøkkel i tillegg til passordet.',
  'passkey.secondFactorSubmit': 'Bruk passnøkkel',
  'passkey.backToLogin': 'Tilbake til innlogging',
  'passkey.busy': 'Venter på passnøkkelen …',
  'passkey.cancelled': 'Passnøkkelen ble ikke brukt. Prøv igjen når du er klar.',
  'passkey.unsupported': 'Denne nettleseren kan ikke bruke passnøkler her.',
  'passkey.nav': 'Passnøkler',
  'account.title': 'Passnøkler',
  'account.intro':
    'Med en passnøkkel logger du inn uten passord, med fingeravtrykk, ansikt eller PIN på enheten din. Passnøkkelen kan ikke lures ut av deg på en falsk nettside.',
  'account.listHeading': 'Dine passnøkler',
  'account.none': 'Du har ingen passnøkler ennå.',
  'account.created': 'Lagt til {time}',
  'account.lastUsed': 'Sist brukt {time}',
  'account.neverUsed': 'Ikke brukt ennå',
  'account.synced': 'Synkronisert mellom enheter',
  'account.remove': 'Fjern',
  'account.removeNamed': 'Fjern passnøkkelen {name}',
  'account.removed': 'Passnøkkelen {name} er fjernet.',
  'account.addHeading': 'Legg til passnøkkel',
  'account.name': 'Navn på passnøkkelen',
  'account.nameHint': 'Så du kjenner den igjen, for eksempel «Mobilen» eller «PC på kontoret».',
  'account.add': 'Legg til passnøkkel',
  'account.added': 'Passnøkkelen {name} er lagt til.',
  'account.requireHeading': 'Krev passnøkkel',
  'account.require': 'Krev passnøkkel når jeg logger inn med passord',
  'account.requireHint': 'Da er ikke passordet alene nok til å logge inn på kontoen din.',
  'account.requireOn': 'Passnøkkel kreves nå ved innlogging med passord.',
  'account.requireOff': 'Passordet alene er nå nok til å logge inn.',
  'admin.passkeys': 'Passnøkler',
  'admin.requiresPasskey': 'krever passnøkkel',
  'admin.reset': 'Tilbakestill innlogging',
  'admin.resetNamed': 'Tilbakestill innlogging for {name}',
  'admin.resetIntro':
    'Alle passnøklene til {name} fjernes, hen logges ut overalt, og må logge inn med det nye passordet du gir hen.',
  'admin.newPassword': 'Nytt passord',
  'admin.resetSubmit': 'Fjern passnøkler og sett nytt passord',
  'admin.resetDone': 'Innloggingen til {name} er tilbakestilt. {count} passnøkler ble fjernet.',
};
export type PasskeyTextKey = keyof typeof nb;
export type PasskeyDictionary = Record<PasskeyTextKey, string>;
