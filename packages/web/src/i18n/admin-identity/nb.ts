/**
 * Texts of the identity admin screens (issue 8): identification policies, the HelseID panel,
 * "Koble til HelseID" on the account page and the identity checks of the compliance overview.
 * Bokmål. Kept out of the main dictionaries: they load only with the admin and account pages.
 */
export const nb = {
  'policy.title': 'Krav til identifisering',
  'policy.intro':
    'Hva hver rolle må vise for å bli sluppet inn, per møtetype. Ett av de avkryssede kravene er nok. Du kan skjerpe kravene, men aldri gå under minstekravet for møtetypen.',
  'policy.row.consultation:no-personal-data': 'Konsultasjon uten personopplysninger',
  'policy.row.consultation:personal-data': 'Konsultasjon med personopplysninger',
  'policy.row.internal:no-personal-data': 'Internt møte uten personopplysninger',
  'policy.row.internal:personal-data': 'Internt møte med personopplysninger',
  'policy.row.external:no-personal-data': 'Eksternt møte uten personopplysninger',
  'policy.row.external:personal-data': 'Eksternt møte med personopplysninger',
  'policy.row.clinical:no-personal-data': 'Klinisk møte',
  'policy.row.clinical:personal-data': 'Klinisk møte (alltid med personopplysninger)',
  'policy.audience.member': 'Medlemmer',
  'policy.audience.patient': 'Pasient',
  'policy.audience.guest': 'Andre deltakere',
  'policy.proof.name': 'Navn og verts godkjenning',
  'policy.proof.login': 'Innlogget med konto',
  'policy.proof.passkey': 'Konto med passnøkkel',
  'policy.proof.helseid-4': 'HelseID, sikkerhetsnivå 4',
  'policy.proof.idporten-substantial': 'ID-porten, betydelig nivå',
  'policy.proof.idporten-high': 'ID-porten, høyt nivå',
  'policy.proof.id-shown-in-video': 'Legitimasjon vist i video',
  'policy.belowFloor': 'Under minstekravet for denne møtetypen',
  'policy.lastOne': 'Minst ett krav må gjelde',
  'policy.state.floor': 'Minstekrav',
  'policy.state.tightened': 'Skjerpet',
  'policy.resetRow': 'Tilbake til minstekravet',
  'policy.resetRowNamed': 'Sett {row} tilbake til minstekravet',
  'policy.save': 'Lagre krav til identifisering',
  'policy.saved': 'Kravene til identifisering er lagret.',
  'policy.unsaved': 'Du har endringer som ikke er lagret.',
  'policy.helseIdMissing':
    'HelseID er ikke satt opp her: medlemmer kan bare oppfylle «HelseID, sikkerhetsnivå 4» når det er konfigurert.',

  'helseid.title': 'HelseID',
  'helseid.configured': 'HelseID er satt opp. Helsepersonell kan logge inn med HelseID.',
  'helseid.notConfigured':
    'HelseID er ikke satt opp. Sett HELSEID_ISSUER, HELSEID_CLIENT_ID og HELSEID_PRIVATE_KEY_FILE (se README).',
  'helseid.issuer': 'Utsteder',
  'helseid.clientId': 'Klient-ID',
  'helseid.provisioningHeading': 'Nye medlemmer ved første innlogging',
  'helseid.provisioningEnable': 'Opprett helsepersonell med HPR-nummer som medlemmer første gang de logger inn',
  'helseid.provisioningRole': 'Rolle for nye medlemmer',
  'helseid.provisioningSave': 'Lagre innstillingen',
  'helseid.provisioningOn': 'Helsepersonell med HPR-nummer blir medlemmer ved første innlogging, med rollen {role}.',
  'helseid.provisioningOff': 'Bare registrerte og koblede medlemmer kan logge inn med HelseID.',
  'helseid.registerHeading': 'Registrer helsepersonell',
  'helseid.registerIntro':
    'Personen logger inn med HelseID og blir koblet til kontoen ved HPR-nummeret. Ansatte uten HPR-nummer legger du til med e-post under «Legg til bruker»; de kobler HelseID selv under «Passnøkler».',
  'helseid.name': 'Navn',
  'helseid.email': 'E-post',
  'helseid.hprNumber': 'HPR-nummer',
  'helseid.hprHint': 'Fra Helsepersonellregisteret, opptil 9 sifre.',
  'helseid.role': 'Rolle',
  'helseid.register': 'Registrer',
  'helseid.registered': '{name} er registrert og blir koblet ved første innlogging med HelseID.',
  'helseid.membersHeading': 'Medlemmer med HelseID',
  'helseid.none': 'Ingen er registrert eller koblet ennå.',
  'helseid.state': 'HelseID',
  'helseid.linked': 'Koblet',
  'helseid.pending': 'Venter på første innlogging',

  'account.helseIdHeading': 'HelseID',
  'account.helseIdIntro':
    'Koble kontoen til HelseID, så kan du logge inn med HelseID. Du logger inn i HelseID som deg selv, og bare denne kontoen blir koblet.',
  'account.helseIdLink': 'Koble til HelseID',
  'account.helseIdBusy': 'Sender deg til HelseID …',
  'account.helseIdLinked': 'Kontoen er koblet til HelseID.',
  'account.helseIdLinkedHpr': 'Kontoen er koblet til HelseID (HPR-nr. {hpr}).',
  'account.helseIdLinkedNow': 'Kontoen er nå koblet til HelseID. Neste gang kan du logge inn med HelseID.',

  'compliance.check.idPortenConfigured': 'ID-porten',
  'compliance.idPortenConfigured.ok': 'ID-porten er konfigurert ({detail}).',
  'compliance.idPortenConfigured.partial':
    'ID-porten er ikke konfigurert: pasienter kan bare identifiseres med legitimasjon vist i video.',
  'compliance.idPortenConfigured.missing':
    'ID-porten er ikke konfigurert: pasienter kan bare identifiseres med legitimasjon vist i video.',
  'compliance.check.memberStrongLogin': 'Sterk innlogging for medlemmer',
  'compliance.memberStrongLogin.ok': 'Alle medlemmer har HelseID eller passnøkkel ({detail}).',
  'compliance.memberStrongLogin.partial':
    '{detail} medlemmer har HelseID eller passnøkkel; de andre kan ikke delta i kliniske møter.',
  'compliance.memberStrongLogin.missing':
    'Ingen medlemmer har HelseID eller passnøkkel: ingen kan være vert for kliniske møter.',
} as const;

export type AdminIdentityTextKey = keyof typeof nb;
export type AdminIdentityDictionary = Record<AdminIdentityTextKey, string>;
