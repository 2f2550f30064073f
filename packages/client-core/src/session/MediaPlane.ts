import type { ErrorCode, IceServer, MediaMode, ServerMessageOf, SignalData } from '@samtale/protocol';
import type { Call, CallEvents, CallFactory, SfuClientMessage, SfuServerMessage } from '../call/Call.ts';
import type { E2eeSession } from '../e2ee/E2eeSession.ts';
import type { LocalMedia } from '../media/LocalMedia.ts';

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();

export interface MediaPlaneOptions {
  createCall: CallFactory;
  localMedia: LocalMedia | null;
  /** Whether a participant is a host, from the roster (mesh politeness). */
  isHost: (participantId: string) => boolean;
  /** Person-to-person signals of a mesh call (through the session's outbox). */
  sendSignal: (to: string, data: SignalData) => void;
  /** SFU messages of a call through the SFU; false when signaling is away. */
  sendSfu: (message: SfuClientMessage) => boolean;
  /** What the running call reports, passed on as it comes (streams: empty when the call closes). */
  onRemoteStreamsChanged: (streams: CallEvents['remoteStreamsChanged']) => void;
  onPeerStateChanged: (change: CallEvents['peerStateChanged']) => void;
  onActiveSpeakerChanged: (speaker: CallEvents['activeSpeakerChanged']) => void;
  onMediaServerChanged?: (change: CallEvents['mediaServerChanged']) => void;
}

/** How the admission's media travels, as the server said in `admitted`. */
export interface MediaPlan {
  media: MediaMode;
  /** Most people a call peer to peer can have (MESH_MAX). */
  meshMax: number;
  /** A meeting (its `admitted` names its media, even peer to peer); a consultation names none. */
  isMeeting: boolean;
}

export interface Admitted {
  selfId: string;
  message: ServerMessageOf<'admitted'>;
  /** The admission's E2EE session; absent only with test fakes. */
  e2ee: E2eeSession | null;
}

/**
 * The media part of a session: the call of the current admission, mesh or through the SFU as
 * the server said, and the router that hands each server message to the plane that handles it.
 * Messages for a plane we are not on (or for no call at all) are dropped.
 */
export class MediaPlane {
  readonly #options: MediaPlaneOptions;
  #call: Call | null = null;
  #plan: MediaPlan | null = null;

  constructor(options: MediaPlaneOptions) {
    this.#options = options;
  }

  /** The running call while admitted, else null. */
  get call(): Call | null {
    return this.#call;
  }

  get remoteStreams(): ReadonlyMap<string, MediaStream> {
    return this.#call?.remoteStreams ?? NO_STREAMS;
  }

  /** How the running call's media travels (null when there is no call). */
  get plan(): MediaPlan | null {
    return this.#plan;
  }

  /** Whether a refused SFU step can be retried by the plane (a call through the SFU runs). */
  get canRetrySfu(): boolean {
    return this.#call?.kind === 'sfu';
  }

  /** Builds the call on a first `admitted`; a repeated one (after a resume) brings fresh ICE servers. */
  handleAdmitted({ selfId, message, e2ee }: Admitted): void {
    if (this.#call !== null) {
      this.#call.setIceServers(message.iceServers);
      return;
    }
    const options = this.#options;
    const common = {
      selfId,
      iceServers: message.iceServers,
      localMedia: options.localMedia,
      ...(e2ee === null ? {} : { e2ee }),
    };
    const call = options.createCall(
      message.media === 'sfu'
        ? { kind: 'sfu', ...common, sfu: { send: options.sendSfu } }
        : { kind: 'mesh', ...common, isHost: options.isHost, sendSignal: options.sendSignal },
    );
    call.on('remoteStreamsChanged', options.onRemoteStreamsChanged);
    call.on('peerStateChanged', options.onPeerStateChanged);
    call.on('activeSpeakerChanged', options.onActiveSpeakerChanged);
    if (options.onMediaServerChanged !== undefined) call.on('mediaServerChanged', options.onMediaServerChanged);
    this.#call = call;
    this.#plan = {
      media: message.media ?? 'mesh',
      meshMax: message.meshMax,
      isMeeting: message.media !== undefined,
    };
  }

  handleIceServers(servers: readonly IceServer[]): void {
    this.#call?.setIceServers(servers);
  }

  /** A media `signal` from another participant (mesh calls negotiate with them). */
  handleSignal(from: string, data: SignalData): void {
    if (this.#call?.kind === 'mesh') this.#call.handleSignal(from, data);
  }

  handleSfuMessage(message: SfuServerMessage): void {
    if (this.#call?.kind === 'sfu') this.#call.handleSfuMessage(message);
  }

  handleSfuRefusal(ref: string, code?: ErrorCode): void {
    if (this.#call?.kind === 'sfu') this.#call.handleSfuRefusal(ref, code);
  }

  /**
   * A roster: the admitted peers to connect to; for hosts in a mesh also the people waiting,
   * whose connections are prepared ahead of their admission.
   */
  handleRoster(peerIds: readonly string[], waitingIds: readonly string[] | null): void {
    const call = this.#call;
    if (call === null) return;
    call.setPeers(peerIds);
    if (waitingIds !== null && call.kind === 'mesh') call.prepare(waitingIds);
  }

  /** Signaling came back: repair what may have been lost meanwhile. */
  resync(): void {
    this.#call?.resync();
  }

  /** Ends the admission's media; returns false when there was no call. */
  close(): boolean {
    const call = this.#call;
    if (call === null) return false;
    this.#call = null;
    this.#plan = null;
    call.close();
    this.#options.onRemoteStreamsChanged(NO_STREAMS);
    return true;
  }
}
