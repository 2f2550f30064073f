/** Version of the signaling protocol; a client whose version differs is refused with PROTOCOL_VERSION_UNSUPPORTED. */
export const PROTOCOL_VERSION = 1;

/** Largest WebSocket message the server accepts, in bytes (SDP of a 4-way mesh fits well inside). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
