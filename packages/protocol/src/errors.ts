/**
 * The one catalogue of coded errors. The code is stable (clients key their translated
 * message by it); the status is the HTTP status used when the error answers a request;
 * the message is a plain English fallback a person understands.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request was not valid.' },
  MESSAGE_MALFORMED: { status: 400, message: 'The message could not be read (it is not valid JSON).' },
  MESSAGE_INVALID: { status: 400, message: 'The message does not follow the protocol.' },
  MESSAGE_TOO_LARGE: { status: 413, message: 'The message is too large.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request body must be JSON.' },
  RATE_LIMITED: { status: 429, message: 'Too many messages. Slow down and try again.' },
  PROTOCOL_VERSION_UNSUPPORTED: { status: 400, message: 'This version of the app is out of date. Reload the page.' },
  NOT_JOINED: { status: 409, message: 'Join the consultation first.' },
  ALREADY_JOINED: { status: 409, message: 'This connection has already joined.' },
  UNAUTHENTICATED: { status: 401, message: 'You need to log in.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  NOT_HOST: { status: 403, message: 'Only the host of the consultation can do that.' },
  CSRF_INVALID: { status: 403, message: 'The request was refused for your safety. Reload the page and try again.' },
  LOGIN_FAILED: { status: 401, message: 'Wrong email or password.' },
  LOGIN_RATE_LIMITED: { status: 429, message: 'Too many failed attempts. Wait a few minutes and try again.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONSULTATION_NOT_FOUND: { status: 404, message: 'The consultation was not found.' },
  PARTICIPANT_NOT_FOUND: { status: 404, message: 'The participant was not found.' },
  INVITATION_INVALID: { status: 404, message: 'This link is not valid.' },
  INVITATION_EXPIRED: { status: 410, message: 'This link has expired.' },
  INVITATION_REVOKED: { status: 410, message: 'This link has been withdrawn.' },
  CONSULTATION_ENDED: { status: 410, message: 'The consultation has ended.' },
  ROOM_FULL: { status: 409, message: 'The call is full.' },
  INVALID_STATE: { status: 409, message: 'That cannot be done now.' },
  RESUME_INVALID: { status: 401, message: 'The session could not be resumed. Open the link again.' },
  SETUP_ALREADY_DONE: { status: 409, message: 'The first administrator has already been created.' },
  SETUP_TOKEN_INVALID: { status: 403, message: 'This setup link is not valid.' },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email already exists.' },
  APPOINTMENT_NOT_FOUND: { status: 404, message: 'The appointment was not found.' },
  APPOINTMENT_IN_PAST: { status: 400, message: 'That time has already passed. Choose a later time.' },
  APPOINTMENT_OVERLAP: { status: 409, message: 'You already have an appointment at that time.' },
  CLINICIAN_NOT_FOUND: { status: 404, message: 'There is no such clinician in your organisation.' },
  APPOINTMENT_CANCELLED: { status: 409, message: 'The appointment has been cancelled.' },
  CONTACT_REQUIRED: { status: 400, message: "Give the patient's mobile number or e-mail address." },
  EMAIL_INVALID: { status: 400, message: 'The e-mail address is not valid.' },
  RETENTION_OUT_OF_BOUNDS: {
    status: 400,
    message:
      'A retention period is outside its allowed range. See the smallest and largest number of days beside each field.',
  },
  CONSENT_TEXT_UNKNOWN: {
    status: 409,
    message: 'The information you read has been replaced. Reload the page and read it again.',
  },
  CHECKLIST_INCOMPLETE: { status: 409, message: 'Tick the required checklist items first.' },
  CHECKLIST_ITEM_NOT_FOUND: { status: 404, message: 'That item is not on the checklist.' },
  BILLING_TABLE_INVALID: {
    status: 400,
    message: 'The billing-code table is not valid. Check each row: profession, code, conditions, source and date.',
  },
  EPJ_URL_INVALID: {
    status: 400,
    message: 'The EPJ address must be an https address without a user name, password, query or fragment.',
  },
  PHONE_INVALID: {
    status: 400,
    message: 'The mobile number is not valid. Use a Norwegian mobile number: 8 digits starting with 4 or 9.',
  },
  TEMPLATE_INVALID: { status: 400, message: 'The template uses a placeholder that does not exist.' },
  REMINDER_OFFSETS_INVALID: {
    status: 400,
    message: 'Give up to 5 different reminder times, each from 1 minute to 30 days before the appointment.',
  },
  NOT_READY: { status: 503, message: 'The service is not ready.' },
  SFU_UNAVAILABLE: { status: 503, message: 'The media server for meetings is not available right now.' },
  E2EE_UNSUPPORTED: {
    status: 400,
    message: 'This browser cannot encrypt the call end to end. Use an up-to-date Chrome, Edge, Firefox or Safari.',
  },
  MEETING_NEEDS_SFU: {
    status: 409,
    message:
      'This meeting is as large as it can be without a media server: peer to peer, at most MESH_MAX people can be in the call. To allow larger meetings, the operator can install Janus on the server or set JANUS_URL.',
  },
  PASSKEYS_UNAVAILABLE: {
    status: 503,
    message: 'Passkeys need HTTPS (or localhost) and a PUBLIC_URL with a domain name, not an IP address.',
  },
  PASSKEY_CHALLENGE_INVALID: { status: 400, message: 'The passkey request expired or was already used. Try again.' },
  PASSKEY_INVALID: { status: 401, message: 'The passkey could not be verified.' },
  PASSKEY_UNKNOWN: { status: 401, message: 'This passkey is not registered here (any more).' },
  PASSKEY_WRONG_ACCOUNT: { status: 401, message: 'Use a passkey of the account you logged in with.' },
  PASSKEY_COUNTER_INVALID: {
    status: 401,
    message: "The passkey's use counter went backwards: it may have been copied. Ask an administrator.",
  },
  PASSKEY_ALREADY_REGISTERED: { status: 409, message: 'This passkey is already registered.' },
  PASSKEY_NEEDED: { status: 409, message: 'A passkey is required for this account: keep or add at least one.' },
  IDENTIFICATION_REQUIRED: {
    status: 403,
    message: 'This person is not identified the way this meeting requires, so they cannot be let in yet.',
  },
  NATIONAL_ID_INVALID: {
    status: 400,
    message: 'That is not a valid national identity number (fødselsnummer or D-nummer: 11 digits).',
  },
  POLICY_BELOW_FLOOR: {
    status: 400,
    message: 'An organisation can make the identification rules stricter, never looser than the kind requires.',
  },
  OIDC_NOT_CONFIGURED: { status: 404, message: 'This way of logging in is not set up here.' },
  OIDC_PROVIDER_UNAVAILABLE: {
    status: 503,
    message: 'The identity provider cannot be reached right now. Try again in a moment.',
  },
  OIDC_LOGIN_INVALID: {
    status: 400,
    message: 'The login could not be completed (it was started elsewhere, used already or took too long). Start again.',
  },
  OIDC_LOGIN_REFUSED: { status: 401, message: 'The identity provider did not complete the login. Start again.' },
  OIDC_TOKEN_INVALID: { status: 401, message: "The identity provider's answer could not be verified. Start again." },
  OIDC_ACR_INSUFFICIENT: { status: 403, message: 'The login was not made at the level of assurance required.' },
  IDPORTEN_SAME_PERSON_REQUIRED: {
    status: 403,
    message: 'The person this link was sent to identified with ID-porten: identify with ID-porten on this device too.',
  },
  IDPORTEN_OTHER_PERSON: {
    status: 403,
    message: 'This link is in use by the person it was sent to. Someone else cannot use it.',
  },
  HELSEID_MEMBER_UNKNOWN: {
    status: 403,
    message:
      'You logged in with HelseID, but no account here is registered for you. Ask your administrator to add you.',
  },
  HELSEID_ALREADY_LINKED: { status: 409, message: 'This HelseID login is already connected to another account.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** True when `code` is one of the catalogue's codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);
}
