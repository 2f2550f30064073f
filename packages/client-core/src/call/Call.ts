import type { ClientMessageOf, IceServer, ServerMessageOf, SignalData } from '@samtale/protocol';
import type { ListenerOptions } from '../events.ts';
import type { LocalMedia } from '../media/LocalMedia.ts';
import type { E2eeSession } from '../e2ee/E2eeSession.ts';

export interface CallOptions {
  /** Our participantId; decides politeness against each peer. */
  selfId: string;
  /**
   * Whether a participant is a host, from the roster. A host makes the
   * first offer to a non-host (see isPolitePeer); without it, ids alone decide.
   */
  isHost?: (participantId: string) => boolean;
  iceServers: IceServer[];
  /** null: receive only (no devices, or the person chose none). */
  localMedia: LocalMedia | null;
  /** Sends a `signal` to one participant through the server. */
  sendSignal: (to: string, data: SignalData) => void;
  /** Present for calls through the SFU (meetings, `admitted.media === 'sfu'`): sends SFU messages. */
  sfu?: { send: (message: SfuClientMessage) => boolean };
  /**
   * End-to-end encryption (docs/E2EE-SCHEME.md): every sender and receiver is attached to it
   * before media flows. ConsultationSession always passes it; absent only with test fakes.
   */
  e2ee?: E2eeSession;
}

/** What a call through the SFU sends to the server. */
export type SfuClientMessage = ClientMessageOf<
  'sfuPublish' | 'sfuSubscribe' | 'sfuSubscriberAnswer' | 'sfuTrickle' | 'sfuRequestKeyframe'
>;
/** What the server sends to a call through the SFU. */
export type SfuServerMessage = ServerMessageOf<
  'sfuAnswer' | 'sfuSubscriberOffer' | 'sfuTrickle' | 'sfuFeeds' | 'sfuReset'
>;

export interface CallEvents {
  remoteStreamsChanged: ReadonlyMap<string, MediaStream>;
  peerStateChanged: { participantId: string; state: RTCPeerConnectionState };
  /** The participant heard most (SFU calls; a participantId, possibly our own), or null. */
  activeSpeakerChanged: string | null;
}

/**
 * The media part of a consultation as ConsultationSession drives it. MeshCall is the
 * peer-to-peer implementation; an SFU call (later issue) implements the same interface.
 */
export interface Call {
  /** The admitted participants other than us: connects to new ones, closes departed ones. */
  setPeers(participantIds: readonly string[]): void;
  /**
   * Hosts: the participants waiting to be admitted (mesh calls prepare connections to them whose
   * signals are kept back until admission). Optional: SFU calls have nothing to prepare.
   */
  prepare?(waitingIds: readonly string[]): void;
  /** Fresh ICE servers (a new TURN credential) for connections made or restarted from now on. */
  setIceServers?(servers: readonly IceServer[]): void;
  /** A `signal` relayed by the server from participant `from`. */
  handleSignal(from: string, data: SignalData): void;
  /** An SFU message from the server (calls through the SFU only). */
  handleSfuMessage?(message: SfuServerMessage): void;
  /** The server refused the SFU request whose id was `ref` (ids starting `sfu-`); the call retries. */
  handleSfuRefusal?(ref: string): void;
  /**
   * After signaling came back: repairs what may have been lost while it was away (an offer
   * without answer, a failed connection) and leaves healthy connections alone.
   */
  resync(): void;
  readonly remoteStreams: ReadonlyMap<string, MediaStream>;
  /** One RTCPeerConnection per remote participant, for getStats. */
  peerConnections(): ReadonlyMap<string, RTCPeerConnection>;
  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void;
  /** Closes every peer connection; idempotent. */
  close(): void;
}

export type CallFactory = (options: CallOptions) => Call;
