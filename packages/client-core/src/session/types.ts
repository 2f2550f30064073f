/** The public types of CallSession: its phases, events and options. */
import type { ConsentRecordView, ErrorCode, JoinAs, ParticipantView } from '@samtale/protocol';
import type { CallFactory } from '../call/Call.ts';
import type { E2eeProblem, E2eeSessionOptions, E2eeStatus, VerificationCode } from '../e2ee/E2eeSession.ts';
import type { LocalMedia } from '../media/LocalMedia.ts';
import type { BackoffOptions } from '../signaling/backoff.ts';
import type { ConnectionState, HeartbeatOptions, WebSocketConstructor } from '../signaling/SignalingClient.ts';
import type { TokenStorage } from './resume-token-store.ts';

export type SessionPhase =
  'connecting' | 'waiting' | 'admitted' | 'declined' | 'removed' | 'ended' | 'superseded' | 'failed';

export interface SessionError {
  code: ErrorCode;
  message: string;
}

export interface PhaseChange {
  phase: SessionPhase;
  /** The host's reason, when declined. */
  reason?: string;
  /** Why, when failed. */
  error?: SessionError;
}

/** What the call view shows about end-to-end encryption. */
export interface E2eeState {
  /** 'active' only when we hold a key of every other participant and sent ours to each. */
  status: E2eeStatus;
  /**
   * Equal on every screen of the call; null until every participant's identity is known, and
   * withdrawn (null) whenever the status is not 'active'.
   */
  verificationCode: VerificationCode | null;
  /** With whom the call is not encrypted, and why (status 'failed'); our id: our own browser. */
  problems: E2eeProblem[];
  /** The person confirmed the code after reading it aloud; reset when the code changes. */
  isVerified: boolean;
}

/** E2EE settings a program (never a user) may pass; see E2eeSessionOptions. */
export type E2eeConfig = Pick<E2eeSessionOptions, 'createWorker' | 'rotation' | 'testOnlyPlaintext'>;

export interface CallSessionEvents {
  e2eeChanged: E2eeState;
  phaseChanged: PhaseChange;
  connectionStateChanged: ConnectionState;
  rosterChanged: ParticipantView[];
  hostMessage: { text: string; sentAt: string };
  remoteStreamsChanged: ReadonlyMap<string, MediaStream>;
  peerStateChanged: { participantId: string; state: RTCPeerConnectionState };
  /** Meetings: who is heard most (participantId, possibly ours), or null. */
  activeSpeakerChanged: string | null;
  /** Meetings: a host locked or unlocked the meeting. */
  lockChanged: boolean;
  /** Meetings through the SFU: the media server went away (the call waits for it) or is back. */
  mediaServerChanged: { isAvailable: boolean };
  /** A non-fatal coded error from the server (e.g. ROOM_FULL after admit). */
  error: SessionError;
  /** Hosts: the consultation's consent records, after one was added (issue 9). */
  consentsChanged: ConsentRecordView[];
}

export interface CallSessionOptions {
  /**
   * Whether this browser can encrypt calls (defaults to the check of encoded transforms). When it
   * cannot, `start()` fails with E2EE_UNSUPPORTED and never sends `join` (issue 11).
   */
  canEncrypt?: () => boolean;
  /** The signaling endpoint, e.g. `wss://host/ws`. */
  url: string;
  join: JoinAs;
  /** null: join without devices (receive only). The app owns it; close() leaves it open. */
  localMedia: LocalMedia | null;
  /** Where the resumeToken is kept; defaults to sessionStorage. */
  resumeTokenStore?: TokenStorage;
  WebSocket?: WebSocketConstructor;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
  /** Builds the media plane on admission; defaults to SfuCall for `media: 'sfu'`, else MeshCall (tests pass a fake). */
  createCall?: CallFactory;
  /**
   * End-to-end encryption settings (worker factory, rotation timing, the test-only plaintext
   * switch). E2EE is always on with the default call factories; with a custom `createCall`
   * (Node tests with fake calls) it is on only when this is given.
   */
  e2ee?: E2eeConfig;
}
