import type { ErrorCode } from '@samtale/protocol';

/** Internal to the room: unwinds a refused command before anything changed; never escapes `Room.apply`. */
export class Refusal extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

export function refuse(code: ErrorCode): never {
  throw new Refusal(code);
}
