import type { CallFactory } from './Call.ts';
import { MeshCall } from './MeshCall.ts';
import { SfuCall } from './SfuCall.ts';

/** The media part of an admission: through the SFU when the server says so (meetings), else mesh. */
export const createDefaultCall: CallFactory = (options) =>
  options.sfu === undefined
    ? new MeshCall(options)
    : new SfuCall({ ...options, sfu: options.sfu, transform: options.e2ee ?? null });
