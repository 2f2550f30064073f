/**
 * The WebSocket signaling protocol at /ws, as tagged unions on `type`.
 * Prose description: docs/PROTOCOL.md. Every message the server receives is validated
 * against `ClientMessage`; a message that fails gets an `error` reply and changes nothing.
 */
import * as z from 'zod/mini';
import {
  ConsultationStatus,
  DisplayName,
  IceServer,
  Id,
  Identification,
  noControlCharacters,
  ParticipantRole,
  ShortText,
  Timestamp,
} from './common.ts';
import { ConsultationView } from './api.ts';
import { AppointmentView } from './appointments.ts';
import { IceCandidate, SessionDescription } from './webrtc.ts';
import { SfuClientMessages, SfuServerMessages } from './sfu.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { ConsentDecision, ConsentMethod, ConsentRecordView, ConsentTextRef } from './consent.ts';

/** base64url without padding, at most 1 KiB of text. */
const Base64Url = z.string().check(z.maxLength(1024), z.regex(/^[A-Za-z0-9_-]*$/));

/**
 * Why end-to-end encryption does not work for a participant (docs/E2EE-SCHEME.md, "Failure"):
 * `unsupported` the browser has no encoded transforms; `transform` one could not be attached;
 * `worker` the encryption worker failed; `identity` no identity key could be made; `key` a key
 * between two participants did not wrap or unwrap.
 */
export const E2eeFailure = z.enum(['unsupported', 'transform', 'worker', 'identity', 'key']);
export type E2eeFailure = z.infer<typeof E2eeFailure>;

/** Optional client-chosen request id, echoed as `ref` in an error reply. */
export const MediaMode = z.enum(['mesh', 'sfu']);
export type MediaMode = z.infer<typeof MediaMode>;

const RequestId = z.optional(z.string().check(z.minLength(1), z.maxLength(64), noControlCharacters()));

export { SessionDescription, IceCandidate } from './webrtc.ts';

/** What one peer sends another through the server; the server relays it unchanged. */
export const SignalData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: SessionDescription }),
  /** `candidate: null` means end of candidates. */
  z.object({ kind: z.literal('candidate'), candidate: z.nullable(IceCandidate) }),
  /**
   * End-to-end encryption (docs/E2EE-SCHEME.md): the sender's identity public keys for this call
   * (raw, base64url): `publicKey` X25519 where the browser has it, else P-256; `p256PublicKey`
   * the P-256 key beside an X25519 one, for peers without X25519. The server only relays them;
   * the verification code covers them.
   */
  z.object({
    kind: z.literal('e2eeIdentity'),
    publicKey: Base64Url,
    p256PublicKey: z.optional(Base64Url),
    callId: Id,
  }),
  /** The sender's media key, wrapped for this recipient with pairwise ECDH + HKDF + AES-GCM. */
  z.object({
    kind: z.literal('e2eeSenderKey'),
    keyId: z.int().check(z.minimum(0), z.maximum(0xffff_ffff)),
    wrappedKey: Base64Url,
    iv: Base64Url,
  }),
  /**
   * End-to-end encryption between the sender and this recipient stopped working on the sender's
   * side (`failure`: why), or works again (`failure: null`). The recipient then shows that the
   * call is not encrypted with the sender and withdraws the verification code.
   */
  z.object({ kind: z.literal('e2eeStatus'), callId: Id, failure: z.nullable(E2eeFailure) }),
]);
export type SignalData = z.infer<typeof SignalData>;

// ---------- client -> server ----------
export const JoinAsHost = z.object({ kind: z.literal('host'), consultationId: Id });
export const JoinWithInvitation = z.object({
  kind: z.literal('invitation'),
  invitationToken: z.string().check(z.minLength(16), z.maxLength(256)),
  displayName: DisplayName,
  /** The person confirmed that taking part is voluntary and consents to care by video. */
  hasConsented: z.literal(true),
  /** Which text they read and ticked (issue 9); stored as their consent record. */
  consent: z.optional(ConsentTextRef),
});
/** An organisation member enters a meeting (session cookie); they enter or wait by the meeting's policy. */
export const JoinAsMember = z.object({ kind: z.literal('member'), consultationId: Id });
export const JoinAs = z.discriminatedUnion('kind', [JoinAsHost, JoinWithInvitation, JoinAsMember]);
export type JoinAs = z.infer<typeof JoinAs>;

export const ClientMessage = z.discriminatedUnion('type', [
  /** Enter a consultation (host: session cookie; others: invitation link). */
  z.object({ type: z.literal('join'), id: RequestId, protocolVersion: z.int(), as: JoinAs }),
  /** Come back as the same participant after a dropped connection or a server restart. */
  z.object({
    type: z.literal('resume'),
    id: RequestId,
    protocolVersion: z.int(),
    resumeToken: z.string().check(z.minLength(16), z.maxLength(256)),
  }),
  /** Clinician dashboard: live list of own consultations and who waits (session cookie). */
  z.object({ type: z.literal('watchDashboard'), id: RequestId, protocolVersion: z.int() }),
  z.object({ type: z.literal('leave'), id: RequestId }),
  z.object({ type: z.literal('signal'), id: RequestId, to: Id, data: SignalData }),
  z.object({ type: z.literal('mediaState'), id: RequestId, isAudioOn: z.boolean(), isVideoOn: z.boolean() }),
  // host actions
  z.object({ type: z.literal('admit'), id: RequestId, participantId: Id }),
  z.object({ type: z.literal('decline'), id: RequestId, participantId: Id, reason: z.optional(ShortText) }),
  z.object({ type: z.literal('messageWaiting'), id: RequestId, participantId: Id, text: ShortText }),
  z.object({ type: z.literal('returnToWaiting'), id: RequestId, participantId: Id }),
  z.object({ type: z.literal('remove'), id: RequestId, participantId: Id }),
  /**
   * The host checked the identity document a guest (waiting or in the call) showed in the video
   * (the Normen alternative to an e-ID): their identification becomes `id-shown-in-video`.
   */
  z.object({ type: z.literal('recordIdShownInVideo'), id: RequestId, participantId: Id }),
  z.object({ type: z.literal('end'), id: RequestId }),
  /**
   * A consent record (issue 9): a participant for themselves in the browser (`browser`: consent,
   * or withdrawing it before leaving), or a host for someone in the call who said it aloud
   * (`spoken`). `text`: the version read or read aloud; a withdrawal names the consent's own.
   */
  z.object({
    type: z.literal('recordConsent'),
    id: RequestId,
    participantId: Id,
    decision: ConsentDecision,
    method: ConsentMethod,
    text: z.optional(ConsentTextRef),
  }),
  z.object({ type: z.literal('ping'), id: RequestId }),
  ...SfuClientMessages,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'];

// ---------- server -> client ----------
/** A participant as every admitted member sees them: who takes part and how each was identified. */
export const ParticipantView = z.object({
  id: Id,
  displayName: z.string(),
  role: ParticipantRole,
  /** How this person was identified; host-only parts (birth date, expected patient) only to hosts. */
  identification: Identification,
  state: z.enum(['waiting', 'admitted']),
  isConnected: z.boolean(),
  isAudioOn: z.boolean(),
  isVideoOn: z.boolean(),
  waitingSince: z.nullable(Timestamp),
  /**
   * Someone waiting who opened the link of this participant (in the call) on another device:
   * admitting them passes that seat; declining leaves it. Only hosts see who waits.
   */
  otherDeviceOf: z.optional(Id),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocolVersion: z.int(),
    participantId: Id,
    /** Secret for `resume`; kept in sessionStorage, stored only hashed on the server. */
    resumeToken: z.string(),
    role: ParticipantRole,
    displayName: z.string(),
    consultationId: Id,
    state: z.enum(['waiting', 'admitted']),
  }),
  /** You are in the waiting room. Carries nothing about other participants. */
  z.object({ type: z.literal('waiting'), since: Timestamp }),
  z.object({ type: z.literal('hostMessage'), text: z.string(), sentAt: Timestamp }),
  /**
   * You may now connect media. Sent on admit and again on every resume while admitted.
   * `media`: 'mesh' (peer-to-peer, consultations; the default when absent) or 'sfu' (meetings).
   */
  z.object({
    type: z.literal('admitted'),
    iceServers: z.array(IceServer),
    meshMax: z.int(),
    media: z.optional(MediaMode),
  }),
  /**
   * Fresh ICE servers (a new TURN credential) for connections made or restarted from now on.
   * Sent to admitted participants before the TURN credential of their last `admitted` or
   * `iceServers` expires (TURN_TTL_SECONDS), so a long call can still make new connections.
   */
  z.object({ type: z.literal('iceServers'), iceServers: z.array(IceServer) }),
  /** Everyone in the call (and, for hosts, those waiting). Only admitted members receive it. */
  z.object({ type: z.literal('roster'), participants: z.array(ParticipantView), startedAt: z.nullable(Timestamp) }),
  z.object({ type: z.literal('signal'), from: Id, data: SignalData }),
  z.object({ type: z.literal('declined'), reason: z.optional(z.string()) }),
  z.object({ type: z.literal('returnedToWaiting') }),
  z.object({ type: z.literal('removed') }),
  z.object({ type: z.literal('ended'), endedAt: Timestamp }),
  /** The same link was opened on another device; this connection is closed. */
  z.object({ type: z.literal('superseded') }),
  z.object({
    type: z.literal('dashboard'),
    consultations: z.array(ConsultationView),
    /** Appointments of today and the next six days, in time order (issue 9); absent from older servers. */
    appointments: z.optional(z.array(AppointmentView)),
  }),
  z.object({
    type: z.literal('error'),
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    ref: z.optional(z.string()),
    /** True when the server closes the connection after this error. */
    isFatal: z.optional(z.boolean()),
    /** With RATE_LIMITED: seconds until the refused request may be tried again. */
    retryAfterSeconds: z.optional(z.number()),
  }),
  z.object({ type: z.literal('pong'), id: RequestId }),
  /** To hosts: the consultation's consent records after one was added (issue 9). */
  z.object({ type: z.literal('consents'), records: z.array(ConsentRecordView) }),
  ...SfuServerMessages,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageType = ServerMessage['type'];

/** The ServerMessage member with the given `type`. */
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
/** The ClientMessage member with the given `type`. */
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;

export { ConsultationStatus };
