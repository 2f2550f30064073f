export { E2eeSession, E2EE_RTC_CONFIGURATION, type E2eeSessionEvents, type E2eeSessionOptions } from './E2eeSession.ts';
export { KeyManager, type E2eeStatus, type KeyManagerEvents, type RotationOptions } from './keys/KeyManager.ts';
export {
  verificationCode,
  VERIFICATION_SYMBOLS,
  type VerificationCode,
  type VerificationSymbol,
} from './keys/verification-code.ts';
export { SFrameContext, SFrameError, type SFrameErrorReason } from './sframe/SFrameContext.ts';
export { encodeHeader, decodeHeader, type SFrameHeader } from './sframe/header.ts';
export { deriveKeySalt, CIPHER_SUITE } from './sframe/key-derivation.ts';
export { clearByteCount, codecForKind, type E2eeCodec } from './codec.ts';
export { FrameCryptor } from './worker/FrameCryptor.ts';
