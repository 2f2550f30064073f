import type { AdminIdentityDictionary } from './nb.ts';

/** Texts of the identity admin screens, nynorsk. */
export const nn: AdminIdentityDictionary = {
  'policy.title': 'Krav til identifisering',
  'policy.intro':
    'Kva kvar rolle må vise for å bli sleppt inn, per møtetype. Eitt av dei avkryssa krava er nok. Du kan skjerpe krava, men aldri gå under minstekravet for møtetypen.',
  'policy.row.consultation:no-personal-data': 'Konsultasjon utan personopplysningar',
  'policy.row.consultation:personal-data': 'Konsultasjon med personopplysningar',
  'policy.row.internal:no-personal-data': 'Internt møte utan personopplysningar',
  'policy.row.internal:personal-data': 'Internt møte med personopplysningar',
  'policy.row.external:no-personal-data': 'Eksternt møte utan personopplysningar',
  'policy.row.external:personal-data': 'Eksternt møte med personopplysningar',
  'policy.row.clinical:no-personal-data': 'Klinisk møte',
  'policy.row.clinical:personal-data': 'Klinisk møte (alltid med personopplysningar)',
  'policy.audience.member': 'Medlemmer',
  'policy.audience.patient': 'Pasient',
  'policy.audience.guest': 'Andre deltakarar',
  'policy.proof.name': 'Namn og godkjenning frå verten',
  'policy.proof.login': 'Innlogga med konto',
  'policy.proof.passkey': 'Konto med passnøkkel',
  'policy.proof.helseid-4': 'HelseID, tryggingsnivå 4',
  'policy.proof.idporten-substantial': 'ID-porten, betydeleg nivå',
  'policy.proof.idporten-high': 'ID-porten, høgt nivå',
  'policy.proof.id-shown-in-video': 'Legitimasjon vist i video',
  'policy.belowFloor': 'Under minstekravet for denne møtetypen',
  'policy.lastOne': 'Minst eitt krav må gjelde',
  'policy.state.floor': 'Minstekrav',
  'policy.state.tightened': 'Skjerpa',
  'policy.resetRow': 'Tilbake til minstekravet',
  'policy.resetRowNamed': 'Set {row} tilbake til minstekravet',
  'policy.save': 'Lagre krav til identifisering',
  'policy.saved': 'Krava til identifisering er lagra.',
  'policy.unsaved': 'Du har endringar som ikkje er lagra.',
  'policy.helseIdMissing':
    'HelseID er ikkje sett opp her: medlemmer kan berre oppfylle «HelseID, tryggingsnivå 4» når det er konfigurert.',

  'helseid.title': 'HelseID',
  'helseid.configured': 'HelseID er sett opp. Helsepersonell kan logge inn med HelseID.',
  'helseid.notConfigured':
    'HelseID er ikkje sett opp. Set HELSEID_ISSUER, HELSEID_CLIENT_ID og HELSEID_PRIVATE_KEY_FILE (sjå README).',
  'helseid.issuer': 'Utferdar',
  'helseid.clientId': 'Klient-ID',
  'helseid.provisioningHeading': 'Nye medlemmer ved første innlogging',
  'helseid.provisioningEnable': 'Opprett helsepersonell med HPR-nummer som medlemmer første gong dei loggar inn',
  'helseid.provisioningRole': 'Rolle for nye medlemmer',
  'helseid.provisioningSave': 'Lagre innstillinga',
  'helseid.provisioningOn': 'Helsepersonell med HPR-nummer blir medlemmer ved første innlogging, med rolla {role}.',
  'helseid.provisioningOff': 'Berre registrerte og kopla medlemmer kan logge inn med HelseID.',
  'helseid.registerHeading': 'Registrer helsepersonell',
  'helseid.registerIntro':
    'Personen loggar inn med HelseID og blir kopla til kontoen ved HPR-nummeret. Tilsette utan HPR-nummer legg du til med e-post under «Legg til brukar»; dei koplar HelseID sjølve under «Passnøklar».',
  'helseid.name': 'Namn',
  'helseid.email': 'E-post',
  'helseid.hprNumber': 'HPR-nummer',
  'helseid.hprHint': 'Frå Helsepersonellregisteret, opptil 9 siffer.',
  'helseid.role': 'Rolle',
  'helseid.register': 'Registrer',
  'helseid.registered': '{name} er registrert og blir kopla ved første innlogging med HelseID.',
  'helseid.membersHeading': 'Medlemmer med HelseID',
  'helseid.none': 'Ingen er registrerte eller kopla enno.',
  'helseid.state': 'HelseID',
  'helseid.linked': 'Kopla',
  'helseid.pending': 'Ventar på første innlogging',

  'account.helseIdHeading': 'HelseID',
  'account.helseIdIntro':
    'Kople kontoen til HelseID, så kan du logge inn med HelseID. Du loggar inn i HelseID som deg sjølv, og berre denne kontoen blir kopla.',
  'account.helseIdLink': 'Kople til HelseID',
  'account.helseIdBusy': 'Sender deg til HelseID …',
  'account.helseIdLinked': 'Kontoen er kopla til HelseID.',
  'account.helseIdLinkedHpr': 'Kontoen er kopla til HelseID (HPR-nr. {hpr}).',
  'account.helseIdLinkedNow': 'Kontoen er no kopla til HelseID. Neste gong kan du logge inn med HelseID.',

  'compliance.check.idPortenConfigured': 'ID-porten',
  'compliance.idPortenConfigured.ok': 'ID-porten er konfigurert ({detail}).',
  'compliance.idPortenConfigured.partial':
    'ID-porten er ikkje konfigurert: pasientar kan berre identifiserast med legitimasjon vist i video.',
  'compliance.idPortenConfigured.missing':
    'ID-porten er ikkje konfigurert: pasientar kan berre identifiserast med legitimasjon vist i video.',
  'compliance.check.memberStrongLogin': 'Sterk innlogging for medlemmer',
  'compliance.memberStrongLogin.ok': 'Alle medlemmer har HelseID eller passnøkkel ({detail}).',
  'compliance.memberStrongLogin.partial':
    '{detail} medlemmer har HelseID eller passnøkkel; dei andre kan ikkje delta i kliniske møte.',
  'compliance.memberStrongLogin.missing':
    'Ingen medlemmer har HelseID eller passnøkkel: ingen kan vere vert for kliniske møte.',
};
