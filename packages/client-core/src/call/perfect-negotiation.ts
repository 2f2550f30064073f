/**
 * The decisions of the perfect-negotiation pattern
 * (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example), as pure functions so that
 * every case can be tested without a browser. PeerLink does the I/O.
 */

/** One end of a peer connection, as far as negotiation roles go. */
export interface NegotiationSide {
  id: string;
  /** A host of the consultation (known from the roster). */
  isHost: boolean;
}

/**
 * The polite peer yields in a glare and waits for the other side's first offer (docs/PROTOCOL.md):
 * a host is impolite towards a non-host — when someone is admitted, the host is already in the
 * call with an idle page, so its offer goes out first — and otherwise the lexicographically
 * smaller participantId is polite.
 */
export function isPolitePeer(self: NegotiationSide, remote: NegotiationSide): boolean {
  if (self.id === remote.id) throw new TypeError('A participant cannot negotiate with itself');
  if (self.isHost !== remote.isHost) return remote.isHost;
  return self.id < remote.id;
}

export interface DescriptionContext {
  /** Type of the description that arrived from the remote peer. */
  descriptionType: RTCSdpType;
  isPolite: boolean;
  /** True while we are between starting an offer and having sent it. */
  isMakingOffer: boolean;
  /** True while an earlier remote answer is being applied (the state then returns to stable). */
  isSettingRemoteAnswerPending: boolean;
  signalingState: RTCSignalingState;
}

export type DescriptionDecision =
  /** Impolite side in a glare: keep our own offer, drop theirs (and its candidates). */
  | { action: 'ignore'; reason: 'glare' }
  /** An answer that matches no offer of ours (a duplicate or a late one after a rollback). */
  | { action: 'ignore'; reason: 'stale-answer' }
  /**
   * Apply with setRemoteDescription. `isRollback` is true when a polite peer takes their offer
   * over its own: setRemoteDescription rolls ours back implicitly, and our negotiationneeded
   * fires again once stable.
   */
  | { action: 'apply'; isRollback: boolean };

/** What to do with a remote session description. */
export function decideOnDescription(context: DescriptionContext): DescriptionDecision {
  const { descriptionType, isPolite, isMakingOffer, isSettingRemoteAnswerPending, signalingState } = context;
  if (descriptionType === 'answer' || descriptionType === 'pranswer') {
    const isAwaitingAnswer = signalingState === 'have-local-offer' || signalingState === 'have-remote-pranswer';
    return isAwaitingAnswer ? { action: 'apply', isRollback: false } : { action: 'ignore', reason: 'stale-answer' };
  }
  if (descriptionType === 'rollback') return { action: 'apply', isRollback: false };
  const isReadyForOffer = !isMakingOffer && (signalingState === 'stable' || isSettingRemoteAnswerPending);
  const isCollision = !isReadyForOffer;
  if (!isCollision) return { action: 'apply', isRollback: false };
  return isPolite ? { action: 'apply', isRollback: true } : { action: 'ignore', reason: 'glare' };
}

export type IceRestartPlan = 'restart-now' | 'restart-if-still-disconnected' | 'none';

/**
 * What to do about ICE when the connection state changes. PROTOCOL.md: the impolite side
 * restarts, so that both sides do not each start a restart and glare. `disconnected` often heals
 * by itself (a brief loss), so it gets a grace period before a restart.
 */
export function iceRestartPlan(state: RTCPeerConnectionState, isPolite: boolean): IceRestartPlan {
  if (isPolite) return 'none';
  if (state === 'failed') return 'restart-now';
  if (state === 'disconnected') return 'restart-if-still-disconnected';
  return 'none';
}

/** The sess-id of an SDP's origin line (`o=<username> <sess-id> <sess-version> ...`), if any. */
export function sdpSessionId(sdp: string | undefined): string | null {
  if (sdp === undefined) return null;
  return /^o=\S+ (\S+) /m.exec(sdp)?.[1] ?? null;
}

/**
 * True when `next` comes from another RTCPeerConnection than `previous` did: the sess-id stays
 * the same for the life of a session (RFC 3264 section 8, RFC 8866 section 5.2), so a new one
 * means the remote participant started over (a page reload) and our connection cannot continue.
 */
export function isFromNewRemoteSession(previous: string | undefined, next: string | undefined): boolean {
  const before = sdpSessionId(previous);
  const after = sdpSessionId(next);
  return before !== null && after !== null && before !== after;
}
