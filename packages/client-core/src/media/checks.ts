/**
 * The device and capability checks alone, without the call engine (and its zod): what the
 * equipment test page (`/test`, issue 9) needs, importable as `@samtale/client-core/media-checks`
 * so that page stays small.
 */
export { canEncryptCalls } from './encryption-support.ts';
export { createLevelMeter, levelFromSamples, type LevelMeter } from './level-meter.ts';
export { MediaAccessError, toMediaAccessError, type MediaAccessErrorKind } from './media-access-error.ts';
