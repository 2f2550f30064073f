/**
 * Notices peer connections that do not come up. A blocked network (UDP filtered, TURN refused)
 * leaves an RTCPeerConnection in `new` or `connecting` forever, with no event at all (seen with
 * a wrong TURN credential under relay-only policy), so the call view would show an endless
 * spinner. After a bounded wait the peer is reported as stalled and the view explains what may
 * be wrong; PeerLink keeps trying in the background and the message goes as soon as it connects.
 */

/** How long a peer may take to connect before the person is told (first media usually < 1 s). */
export const MEDIA_CONNECT_TIMEOUT_MS = 15_000;

export class MediaStallWatch {
  readonly #timeoutMs: number;
  readonly #onChange: (stalled: ReadonlySet<string>) => void;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #peers = new Set<string>();
  #stalled: ReadonlySet<string> = new Set();

  /** `onChange` receives the participant ids whose connection is stalled, whenever that set changes. */
  constructor(onChange: (stalled: ReadonlySet<string>) => void, timeoutMs = MEDIA_CONNECT_TIMEOUT_MS) {
    this.#onChange = onChange;
    this.#timeoutMs = timeoutMs;
  }

  get stalled(): ReadonlySet<string> {
    return this.#stalled;
  }

  /** The remote participants we have a peer connection with; a new one starts its clock. */
  setPeers(participantIds: Iterable<string>): void {
    const wanted = new Set(participantIds);
    for (const id of this.#peers) {
      if (wanted.has(id)) continue;
      this.#peers.delete(id);
      this.#stopClock(id);
      this.#setStalled(id, false);
    }
    for (const id of wanted) {
      if (this.#peers.has(id)) continue;
      this.#peers.add(id);
      this.#startClock(id);
    }
  }

  /** A peer connection's state changed. */
  setPeerState(participantId: string, state: RTCPeerConnectionState): void {
    if (!this.#peers.has(participantId)) return;
    if (state === 'connected') {
      this.#stopClock(participantId);
      this.#setStalled(participantId, false);
    } else if (state === 'failed') {
      // ICE gave up: no reason to make the person wait longer for the explanation.
      this.#stopClock(participantId);
      this.#setStalled(participantId, true);
    } else if (state === 'closed') {
      // The link was replaced by a fresh one for the same person (they reloaded): a new clock.
      this.#stopClock(participantId);
      this.#setStalled(participantId, false);
      this.#startClock(participantId);
    } else if (!this.#stalled.has(participantId)) {
      // new, connecting, disconnected: give it the full wait, unless one is already running.
      this.#startClock(participantId);
    }
  }

  /** Stops every clock; idempotent. */
  close(): void {
    for (const id of [...this.#peers]) this.#stopClock(id);
    this.#peers.clear();
  }

  #startClock(id: string): void {
    if (this.#timers.has(id)) return;
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        this.#setStalled(id, true);
      }, this.#timeoutMs),
    );
  }

  #stopClock(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #setStalled(id: string, isStalled: boolean): void {
    if (this.#stalled.has(id) === isStalled) return;
    const next = new Set(this.#stalled);
    if (isStalled) next.add(id);
    else next.delete(id);
    this.#stalled = next;
    this.#onChange(next);
  }
}
