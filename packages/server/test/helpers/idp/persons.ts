/**
 * The test persons of the local OpenID providers (`npm run idp`, the server tests, e2e). All
 * numbers are made up: HPR numbers outside the register's range in use, identity numbers from
 * the synthetic range the Norwegian test environments use (month + 80).
 */

/** A health worker as HelseID describes one (IDENTITY.md: claims and security levels). */
export interface HelseIdPerson {
  readonly id: string;
  readonly name: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly hprNumber: string;
  /** 4: BankID/Buypass (clinical use); 3: a lower-assurance e-ID. */
  readonly securityLevel: 3 | 4;
  /** A stable pseudonym of the national identity number, per client. */
  readonly pidPseudonym: string;
  readonly network: 'internett' | 'helsenett';
  /** HPR profession code (kodeverk 9060) and its name, as userinfo's hpr_details carry it. */
  readonly profession: { readonly code: string; readonly name: string };
}

/** A citizen as ID-porten describes one: the identity number and the level of assurance. */
export interface IdPortenPerson {
  readonly id: string;
  /** Shown on the IdP's login page only; ID-porten itself sends no name. */
  readonly label: string;
  readonly pid: string;
  readonly acr: 'idporten-loa-high' | 'idporten-loa-substantial';
  readonly birthDate: string;
}

export const HELSEID_PERSONS: readonly HelseIdPerson[] = [
  {
    id: 'helseid-kari',
    name: 'Kari Lege Nordmann',
    givenName: 'Kari Lege',
    familyName: 'Nordmann',
    hprNumber: '565505933',
    securityLevel: 4,
    pidPseudonym: 'p7bT0aVq0vZk3cS1qYF6kW8m5GJ2o9rL4uXn1hE2dAc=',
    network: 'internett',
    profession: { code: 'LE', name: 'Lege' },
  },
  {
    id: 'helseid-ola',
    name: 'Ola Sykepleier Hansen',
    givenName: 'Ola Sykepleier',
    familyName: 'Hansen',
    hprNumber: '565501872',
    securityLevel: 3,
    pidPseudonym: 'Zq3m8RrB1xW0yT5nK2pL7cV9dF4gH6jS0aE1uI3oP8M=',
    network: 'internett',
    profession: { code: 'SP', name: 'Sykepleier' },
  },
];

export const IDPORTEN_PERSONS: readonly IdPortenPerson[] = [
  {
    id: 'idporten-hoy',
    label: 'Pasient Høy (BankID, høyt nivå)',
    pid: '01817299926',
    acr: 'idporten-loa-high',
    birthDate: '1972-01-01',
  },
  {
    id: 'idporten-betydelig',
    label: 'Pasient Betydelig (MinID, betydelig nivå)',
    pid: '15886599908',
    acr: 'idporten-loa-substantial',
    birthDate: '1965-08-15',
  },
  {
    // Someone else at level high, with a D-nummer (day + 40): a forwarded link's other person.
    id: 'idporten-dnummer',
    label: 'Pasient D-nummer (BankID, høyt nivå)',
    pid: '41827599962',
    acr: 'idporten-loa-high',
    birthDate: '1975-02-01',
  },
];
