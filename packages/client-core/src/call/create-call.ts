import type { CallFactory } from './Call.ts';
import { MeshCall } from './MeshCall.ts';
import { SfuCall } from './SfuCall.ts';

/** The media plane of an admission: through the SFU when the server says so (meetings), else mesh. */
export const createDefaultCall: CallFactory = (options) =>
  options.kind === 'sfu' ? new SfuCall({ ...options, transform: options.e2ee ?? null }) : new MeshCall(options);
