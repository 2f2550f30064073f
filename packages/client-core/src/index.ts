export { Emitter, type ListenerOptions } from './events.ts';
export {
  SignalingClient,
  DEFAULT_HEARTBEAT,
  type ConnectionState,
  type HeartbeatOptions,
  type SignalingClientEvents,
  type SignalingClientOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './signaling/SignalingClient.ts';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './signaling/backoff.ts';
export { CallSession } from './session/CallSession.ts';
export type { MediaPlan } from './session/MediaPlane.ts';
export type {
  CallSessionEvents,
  CallSessionOptions,
  E2eeConfig,
  E2eeState,
  PhaseChange,
  SessionError,
  SessionPhase,
} from './session/types.ts';
export { memoryStorage, type TokenStorage } from './session/resume-token-store.ts';
export { DashboardWatcher, type DashboardWatcherEvents, type DashboardWatcherOptions } from './DashboardWatcher.ts';
export type {
  Call,
  CallEvents,
  CallFactory,
  CallKind,
  CallOptions,
  CommonCallOptions,
  MeshCallOptions,
  MeshPlane,
  SfuPlane,
  SfuPlaneOptions,
} from './call/Call.ts';
export { MeshCall } from './call/MeshCall.ts';
export { PeerLink, type PeerLinkEvents, type PeerLinkOptions } from './call/PeerLink.ts';
export {
  decideOnDescription,
  iceRestartPlan,
  isPolitePeer,
  type DescriptionDecision,
} from './call/perfect-negotiation.ts';
export { preferCodec, PREFERRED_CODEC } from './call/codecs.ts';
export {
  LocalMedia,
  type InputKind,
  type LocalMediaEvents,
  type LocalMediaOpenOptions,
  type MediaKind,
} from './media/LocalMedia.ts';
export { MediaAccessError, toMediaAccessError, type MediaAccessErrorKind } from './media/media-access-error.ts';
export { listDevices, type DeviceList } from './media/devices.ts';
export { canEncryptCalls } from './media/encryption-support.ts';
export { createLevelMeter, levelFromSamples, type LevelMeter } from './media/level-meter.ts';
export { SfuCall, type SfuCallOptions } from './call/SfuCall.ts';
export type { SfuClientMessage, SfuServerMessage } from './call/Call.ts';
export type { SfuMediaTransform } from './call/sfu/media-transform.ts';
export {
  planSubscription,
  tileSizeFor,
  type PlannedFeed,
  type TileSize,
  type VisibleTile,
} from './call/sfu/subscription-plan.ts';
export { ActiveSpeakerDetector, type ActiveSpeakerOptions } from './call/sfu/active-speaker.ts';
export { SIMULCAST_ENCODINGS } from './call/sfu/SfuPublisher.ts';
export {
  E2eeSession,
  E2EE_RTC_CONFIGURATION,
  type E2eeSessionEvents,
  type E2eeSessionOptions,
  type E2eeProblem,
  type E2eeStatus,
  type VerificationCode,
} from './e2ee/E2eeSession.ts';
export { VERIFICATION_SYMBOLS, type VerificationSymbol } from './e2ee/keys/verification-code.ts';
export { SFrameContext, SFrameError, FrameCryptor, clearByteCount, type E2eeCodec } from './e2ee/index.ts';
