/**
 * How each participant was identified (issue 8), derived in one place: members from the
 * `LoginMethod` of the login session they entered with, guests from their link (until they
 * identify with ID-porten or a host records the ID they showed in the video).
 */
import type { Identification, LoginMethod } from '@samtale/protocol';

/** A member's identification, from how their login session was made. */
export function identificationOfLogin(login: LoginMethod): Identification {
  switch (login.method) {
    case 'password':
      return { kind: 'local-account', hasPasskey: false };
    case 'passkey':
      return { kind: 'local-account', hasPasskey: true };
    case 'helseid':
      // The HPR number is not passed on: "helsepersonell" (and the profession) is what others
      // need to know, and the number would only add a lookup key for the person (ADR 0014).
      return {
        kind: 'helseid',
        securityLevel: login.securityLevel,
        isHealthPersonnel: login.hprNumber !== undefined,
        ...(login.profession === undefined ? {} : { profession: login.profession }),
      };
  }
}

/** A guest who came with a link and typed a name. */
export const LINK_ONLY: Identification = Object.freeze({ kind: 'invitation-link' });
