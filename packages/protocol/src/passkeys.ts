/**
 * Passkeys for local accounts (issue 8): WebAuthn registration and assertion bodies as the
 * browser part of SimpleWebAuthn sends them (the JSON forms of WebAuthn Level 3,
 * https://www.w3.org/TR/webauthn-3/#dictdef-registrationresponsejson), and the views of a
 * member's passkeys. The ceremony options are the server library's JSON, passed through as is.
 */
import * as z from 'zod/mini';
import { Id, noControlCharacters, Timestamp } from './common.ts';
import { SessionView } from './api.ts';

/** base64url without padding, as WebAuthn's JSON forms encode bytes; bounded so a body stays small. */
const Base64Url = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+$/));

/** Credential ids are at most 1023 bytes (WebAuthn §5.1.3): 1364 base64url characters. */
const CredentialId = Base64Url(1364);

const Transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const Attachment = z.optional(z.enum(['platform', 'cross-platform']));
/** The client's extension results (e.g. `credProps`); kept only as a small object. */
const ExtensionResults = z.record(z.string().check(z.maxLength(64)), z.unknown());

export const RegistrationCredential = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(16_384),
    authenticatorData: z.optional(Base64Url(16_384)),
    transports: z.optional(z.array(Transport).check(z.maxLength(8))),
    publicKeyAlgorithm: z.optional(z.int()),
    publicKey: z.optional(Base64Url(4096)),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ExtensionResults,
});
export type RegistrationCredential = z.infer<typeof RegistrationCredential>;

export const AuthenticationCredential = z.object({
  id: CredentialId,
  rawId: CredentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(16_384),
    signature: Base64Url(2048),
    userHandle: z.optional(Base64Url(128)),
  }),
  authenticatorAttachment: Attachment,
  clientExtensionResults: ExtensionResults,
});
export type AuthenticationCredential = z.infer<typeof AuthenticationCredential>;

/** What a member calls a passkey ("Mobilen", "Nøkkel på kontoret"); trimmed, 1–60 characters. */
export const PasskeyName = z.string().check(z.trim(), z.minLength(1), z.maxLength(60), noControlCharacters());

/** POST /api/passkeys: a new passkey for the logged-in member. */
export const RegisterPasskeyBody = z.object({ name: PasskeyName, credential: RegistrationCredential });
export type RegisterPasskeyBody = z.infer<typeof RegisterPasskeyBody>;

/** POST /api/auth/passkey/login: an assertion, alone (no password) or as the second factor. */
export const PasskeyLoginBody = z.object({ credential: AuthenticationCredential });
export type PasskeyLoginBody = z.infer<typeof PasskeyLoginBody>;

/** POST /api/passkeys/settings: "krev passnøkkel" — a password alone no longer logs in. */
export const PasskeySettingsBody = z.object({ requiresPasskey: z.boolean() });
export type PasskeySettingsBody = z.infer<typeof PasskeySettingsBody>;

/** Ceremony options for `navigator.credentials.create/get` (SimpleWebAuthn's JSON; challenge single use). */
export const PasskeyOptions = z.object({ options: z.looseObject({ challenge: z.string() }) });
export type PasskeyOptions = z.infer<typeof PasskeyOptions>;

export const PasskeyView = z.object({
  id: Id,
  name: z.string(),
  createdAt: Timestamp,
  lastUsedAt: z.nullable(Timestamp),
  /** Synced between devices (a multi-device passkey that is backed up). */
  isBackedUp: z.boolean(),
});
export type PasskeyView = z.infer<typeof PasskeyView>;

export const PasskeyList = z.object({ passkeys: z.array(PasskeyView), requiresPasskey: z.boolean() });
export type PasskeyList = z.infer<typeof PasskeyList>;

/**
 * Answer of POST /api/auth/login when the password was right but the member requires a passkey:
 * no session yet; the assertion goes to POST /api/auth/passkey/login with the pre-login cookie.
 */
export const SecondFactorRequired = z.object({
  secondFactor: z.literal('passkey'),
  options: PasskeyOptions.shape.options,
});
export type SecondFactorRequired = z.infer<typeof SecondFactorRequired>;

/** Answer of POST /api/auth/login. */
export const LoginAnswer = z.union([SessionView, SecondFactorRequired]);
export type LoginAnswer = z.infer<typeof LoginAnswer>;

/** POST /api/users/:id/reset-credentials (admin): passkeys removed, a new password set, sessions ended. */
export const ResetCredentialsBody = z.object({ password: z.string().check(z.minLength(10), z.maxLength(1024)) });
export type ResetCredentialsBody = z.infer<typeof ResetCredentialsBody>;
