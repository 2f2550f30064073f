/**
 * The storage port's part for how members prove who they are (issue 8): passkeys and their
 * ceremonies' challenges, OIDC logins waiting for the provider, and which member each HelseID
 * person is. Only hashes of secrets and pseudonyms are stored.
 */

/** A registered WebAuthn credential (passkey) of a member. */
export interface PasskeyRow {
  id: string;
  userId: string;
  /** base64url credential id. */
  credentialId: string;
  /** base64url COSE public key. */
  publicKey: string;
  /** Signature counter last seen (0 for authenticators that do not count). */
  counter: number;
  transports: string[];
  name: string;
  isBackedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Which ceremony a challenge is for: registering, logging in without a password, or after one. */
export type PasskeyChallengePurpose = 'registration' | 'login' | 'second-factor';

export interface PasskeyChallengeRow {
  /** SHA-256 (hex) of what the challenge is bound to (pre-login cookie, or session and purpose). */
  keyHash: string;
  purpose: PasskeyChallengePurpose;
  /** The member it is for: set for registration and the second factor, null for a passwordless login. */
  userId: string | null;
  /** base64url, as sent in the options. */
  challenge: string;
  expiresAt: Date;
}

export interface PasskeyRepository {
  /** Stores a credential; undefined when its credential id is registered already (to anyone). */
  create(p: Omit<PasskeyRow, 'id' | 'createdAt' | 'lastUsedAt'>, at: Date): Promise<PasskeyRow | undefined>;
  listByUser(userId: string): Promise<PasskeyRow[]>;
  countByUser(userId: string): Promise<number>;
  findByCredentialId(credentialId: string): Promise<PasskeyRow | undefined>;
  /**
   * Records a verified use: the counter moves from `expectedCounter` to `newCounter` only if no
   * other use moved it meanwhile (compare-and-set); false when one did.
   */
  recordUse(id: string, expectedCounter: number, newCounter: number, isBackedUp: boolean, at: Date): Promise<boolean>;
  /** Removes one of the member's passkeys; false when it is not theirs or does not exist. */
  delete(id: string, userId: string): Promise<boolean>;
}

export interface PasskeyChallengeRepository {
  /** Stores (or replaces) the challenge bound to `keyHash`, and forgets expired ones. */
  put(row: PasskeyChallengeRow, now: Date): Promise<void>;
  /** Takes the challenge bound to `keyHash` for `purpose`, once: it is deleted in the same statement. */
  take(
    keyHash: string,
    purpose: readonly PasskeyChallengePurpose[],
    now: Date,
  ): Promise<PasskeyChallengeRow | undefined>;
}

/** A login waiting for the identity provider's callback (issue 8); single use, minutes long. */
export interface OidcPendingLoginRow {
  /** SHA-256 (hex) of the browser cookie's token the login is bound to. */
  keyHash: string;
  provider: 'helseid' | 'idporten';
  /**
   * `link`: a logged-in member connects their HelseID (the same person does both); `identify`:
   * the holder of an invitation link identifies with ID-porten before the waiting room.
   */
  purpose: 'login' | 'link' | 'identify';
  /** The member who asked to link (purpose `link`), else null. */
  userId: string | null;
  /** The invitation whose holder identifies (purpose `identify`), else null. */
  invitationId: string | null;
  state: string;
  nonce: string;
  codeVerifier: string;
  dpopKey: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface OidcPendingLoginRepository {
  create(row: OidcPendingLoginRow): Promise<void>;
  /** Removes and returns the live login with this key: a second take finds nothing. */
  take(keyHash: string, now: Date): Promise<OidcPendingLoginRow | undefined>;
  /** Removes logins that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A patient who identified with ID-porten (issue 8), bound to their browser (the SHA-256 of an
 * HttpOnly cookie) and to the one invitation they identified for; minutes long. The pid is only
 * here as its keyed hash; the birth date is derived from it.
 */
export interface IdportenIdentificationRow {
  keyHash: string;
  invitationId: string;
  level: 'high' | 'substantial';
  pidHmac: string;
  birthDate: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface IdportenIdentificationRepository {
  create(row: IdportenIdentificationRow): Promise<void>;
  /** The live identification with this key (it stays: the same browser may open the link again). */
  find(keyHash: string, now: Date): Promise<IdportenIdentificationRow | undefined>;
  /** Removes identifications that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** Which member a HelseID person is. */
export interface HelseIdMemberRow {
  userId: string;
  /** Registered by an admin, or learnt at the first login. */
  hprNumber: string | null;
  /** HMAC-SHA-256 (keyed with the server's secret) of HelseID's pid_pseudonym; null until linked. */
  pidPseudonymHmac: string | null;
  linkedAt: Date | null;
  createdAt: Date;
}

export interface HelseIdMemberRepository {
  findByPidPseudonymHmac(hmac: string): Promise<HelseIdMemberRow | undefined>;
  findByHprNumber(hprNumber: string): Promise<HelseIdMemberRow | undefined>;
  findByUser(userId: string): Promise<HelseIdMemberRow | undefined>;
  /** An admin registers a member's HPR number (before their first HelseID login). */
  register(userId: string, hprNumber: string, at: Date): Promise<void>;
  /**
   * Links the member to a HelseID person. Throws StorageError `conflict` when the person is
   * already linked to another member.
   */
  link(userId: string, link: { hprNumber: string | null; pidPseudonymHmac: string }, at: Date): Promise<void>;
  listByOrganisation(organisationId: string): Promise<HelseIdMemberRow[]>;
}
