/**
 * The Bus carries every room and waiting-room state change, so that a node holding a
 * participant's socket learns what happened elsewhere. In-memory by default; a Redis
 * implementation (issue on scale-out) plugs in behind the same interface.
 */
export type BusHandler = (message: unknown) => void;

export interface Bus {
  /** Delivers `message` to every subscriber of `channel`, on this node and others. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes until `signal` aborts. */
  subscribe(channel: string, handler: BusHandler, signal: AbortSignal): void;
  close(): Promise<void>;
}
