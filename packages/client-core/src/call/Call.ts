import type { ClientMessageOf, ErrorCode, IceServer, ServerMessageOf, SignalData } from '@samtale/protocol';
import type { ListenerOptions } from '../events.ts';
import type { LocalMedia } from '../media/LocalMedia.ts';
import type { E2eeSession } from '../e2ee/E2eeSession.ts';
import type { VisibleTile } from './sfu/subscription-plan.ts';

/** What every media plane is built with. */
export interface CommonCallOptions {
  /** Our participantId. */
  selfId: string;
  iceServers: IceServer[];
  /** null: receive only (no devices, or the person chose none). */
  localMedia: LocalMedia | null;
  /**
   * End-to-end encryption (docs/E2EE-SCHEME.md): every sender and receiver is attached to it
   * before media flows. CallSession always passes it; absent only with test fakes.
   */
  e2ee?: E2eeSession;
}

/** A peer-to-peer call's options (MeshCall). */
export interface MeshCallOptions extends CommonCallOptions {
  /**
   * Whether a participant is a host, from the roster. A host makes the
   * first offer to a non-host (see isPolitePeer); without it, ids alone decide.
   */
  isHost?: (participantId: string) => boolean;
  /** Sends a `signal` to one participant through the server. */
  sendSignal: (to: string, data: SignalData) => void;
}

/** A call through the SFU's options (meetings, `admitted.media === 'sfu'`). */
export interface SfuPlaneOptions extends CommonCallOptions {
  /** Sends SFU messages to the server; false when signaling is away. */
  sfu: { send: (message: SfuClientMessage) => boolean };
}

/** What a CallFactory is asked to build: the plane the server admitted us to, and its options. */
export type CallOptions = ({ kind: 'mesh' } & MeshCallOptions) | ({ kind: 'sfu' } & SfuPlaneOptions);

/** What a call through the SFU sends to the server. */
export type SfuClientMessage = ClientMessageOf<
  'sfuPublish' | 'sfuSubscribe' | 'sfuSubscriberAnswer' | 'sfuTrickle' | 'sfuRequestKeyframe'
>;
/** What the server sends to a call through the SFU. */
export type SfuServerMessage = ServerMessageOf<
  'sfuAnswer' | 'sfuSubscriberOffer' | 'sfuTrickle' | 'sfuFeeds' | 'sfuReset'
>;

export interface CallEvents {
  /** A fresh snapshot on every change (never the same map mutated), so a UI may keep it as is. */
  remoteStreamsChanged: ReadonlyMap<string, MediaStream>;
  peerStateChanged: { participantId: string; state: RTCPeerConnectionState };
  /** The participant heard most (SFU calls; a participantId, possibly our own), or null. */
  activeSpeakerChanged: string | null;
  /** SFU calls: the media server went away (the call waits for it) or is back. */
  mediaServerChanged: { isAvailable: boolean };
}

/** What both media planes do, as CallSession drives them. */
interface MediaPlaneBase {
  /** The admitted participants other than us: connects to new ones, closes departed ones. */
  setPeers(participantIds: readonly string[]): void;
  /** Fresh ICE servers (a new TURN credential) for connections made or restarted from now on. */
  setIceServers(servers: readonly IceServer[]): void;
  /**
   * After signaling came back: repairs what may have been lost while it was away (an offer
   * without answer, a failed connection) and leaves healthy connections alone.
   */
  resync(): void;
  /** One stream per remote participant whose media we receive. */
  readonly remoteStreams: ReadonlyMap<string, MediaStream>;
  /** The RTCPeerConnections, for getStats (mesh: one per participant; SFU: publisher, subscriber). */
  peerConnections(): ReadonlyMap<string, RTCPeerConnection>;
  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void;
  /** Closes every peer connection; idempotent. */
  close(): void;
}

/** Peer-to-peer (MeshCall): media browser to browser, negotiated with person-to-person `signal`s. */
export interface MeshPlane extends MediaPlaneBase {
  readonly kind: 'mesh';
  /**
   * Hosts: the participants waiting to be admitted; connections to them are prepared with their
   * signals kept back until admission.
   */
  prepare(waitingIds: readonly string[]): void;
  /** A `signal` relayed by the server from participant `from`. */
  handleSignal(from: string, data: SignalData): void;
}

/** Through the SFU (SfuCall): one publisher and one subscriber connection to Janus, via the server. */
export interface SfuPlane extends MediaPlaneBase {
  readonly kind: 'sfu';
  /** The last known active speaker (a participantId, possibly ours), or null. */
  readonly activeSpeaker: string | null;
  /** The tiles the layout shows now; the plane receives exactly those, at a fitting layer. */
  subscribe(tiles: readonly VisibleTile[]): void;
  /** An SFU message from the server. */
  handleSfuMessage(message: SfuServerMessage): void;
  /** False while the media server is away: the plane waits for it to come back. */
  readonly isMediaServerAvailable: boolean;
  /**
   * The server refused the SFU request whose id was `ref` (ids starting `sfu-`) with `code`: the
   * plane retries, or waits for the media server (SFU_UNAVAILABLE).
   */
  handleSfuRefusal(ref: string, code?: ErrorCode): void;
}

/**
 * The media part of an admission, as a tagged union of media planes: switch on `kind` to reach
 * what only one plane has. docs/PROTOCOL.md "Media (mesh)" and "Media (SFU)".
 */
export type Call = MeshPlane | SfuPlane;
export type CallKind = Call['kind'];

export type CallFactory = (options: CallOptions) => Call;
