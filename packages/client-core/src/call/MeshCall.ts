import type { IceServer, SignalData } from '@samtale/protocol';
import { Emitter, type ListenerOptions } from '../events.ts';
import type { CallEvents, MeshCallOptions, MeshPlane } from './Call.ts';
import { PeerLink } from './PeerLink.ts';
import { isPolitePeer } from './perfect-negotiation.ts';

/** Connections a host prepares ahead for waiting participants, at most. */
const MAX_PREPARED = 3;

/**
 * Peer-to-peer call: one PeerLink per admitted remote participant (docs/PROTOCOL.md "Media
 * (mesh)"). The server only relays `signal` messages; media goes browser to browser.
 */
export class MeshCall implements MeshPlane {
  readonly kind = 'mesh';
  readonly #options: MeshCallOptions;
  readonly #links = new Map<string, PeerLink>();
  readonly #events = new Emitter<CallEvents>();
  readonly #teardown = new AbortController();
  #isClosed = false;
  /** The latest ICE servers (the server refreshes TURN credentials during a long call). */
  #iceServers: IceServer[];

  constructor(options: MeshCallOptions) {
    this.#options = options;
    this.#iceServers = options.iceServers;
    options.localMedia?.on(
      'tracksReplaced',
      ({ kind, track }) => {
        for (const link of this.#links.values()) link.replaceLocalTrack(kind, track);
      },
      { signal: this.#teardown.signal },
    );
    options.e2ee?.on('problemsChanged', () => this.#emitStreams(), { signal: this.#teardown.signal });
  }

  /**
   * Not of anyone the call is not encrypted with, nor anyone's once our own encryption failed:
   * a tile kept on an emptied stream would leave the last frame frozen on screen.
   */
  get remoteStreams(): ReadonlyMap<string, MediaStream> {
    if (this.#options.e2ee?.failure != null) return new Map();
    const failed = new Set(this.#options.e2ee?.problems.map((p) => p.participantId));
    return new Map(
      this.#connected()
        .filter(([id]) => !failed.has(id))
        .map(([id, link]) => [id, link.remoteStream]),
    );
  }

  peerConnections(): ReadonlyMap<string, RTCPeerConnection> {
    return new Map(this.#connected().map(([id, link]) => [id, link.pc]));
  }

  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  setPeers(participantIds: readonly string[]): void {
    if (this.#isClosed) return;
    const wanted = new Set(participantIds.filter((id) => id !== this.#options.selfId));
    let isChanged = false;
    for (const [id, link] of this.#links) {
      // Links prepared for people still waiting are prepare()'s business.
      if (wanted.has(id) || link.isHeld) continue;
      this.#removeLink(id, link);
      isChanged = true;
    }
    for (const id of wanted) {
      const link = this.#links.get(id);
      if (link?.isHeld === true) link.release();
      else if (link !== undefined) continue;
      else this.#addLink(id);
      isChanged = true;
    }
    if (isChanged) this.#emitStreams();
  }

  /**
   * Hosts: participants waiting to be admitted. For the first few (towards whom we make the
   * offer), a connection is set up now with its offer kept back; admission only releases it, so
   * the offer leaves at once instead of after building the connection (admit -> first frame).
   * The waiting person receives nothing before that.
   */
  prepare(waitingIds: readonly string[]): void {
    if (this.#isClosed) return;
    const wanted = new Set(
      waitingIds.filter((id) => id !== this.#options.selfId && !this.#isPoliteTowards(id)).slice(0, MAX_PREPARED),
    );
    for (const [id, link] of this.#links) if (link.isHeld && !wanted.has(id)) this.#removeLink(id, link);
    for (const id of wanted) if (!this.#links.has(id)) this.#addLink(id, false, true);
  }

  handleSignal(from: string, data: SignalData): void {
    if (this.#isClosed || from === this.#options.selfId) return;
    let link = this.#links.get(from);
    if (link === undefined) {
      // An offer can arrive before the roster that names its sender; a stray candidate from
      // someone we do not know (any more) is dropped instead of creating a connection.
      if (data.kind !== 'description' || data.description.type !== 'offer') return;
      // Only the impolite side makes a first offer, so we are the polite one towards them.
      link = this.#addLink(from, true);
      this.#emitStreams();
    }
    link.handleSignal(data);
  }

  setIceServers(servers: readonly IceServer[]): void {
    this.#iceServers = [...servers];
    for (const link of this.#links.values()) link.setIceServers(servers);
  }

  resync(): void {
    // A held link re-sending its offer would only queue it twice.
    for (const link of this.#links.values()) if (!link.isHeld) link.resync();
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#teardown.abort();
    for (const [id, link] of this.#links) this.#removeLink(id, link);
    this.#events.clear();
  }

  #addLink(remoteId: string, isPolite = this.#isPoliteTowards(remoteId), isHeld = false): PeerLink {
    const link = new PeerLink({
      remoteId,
      isPolite,
      isHeld,
      iceServers: this.#iceServers,
      localMedia: this.#options.localMedia,
      sendSignal: (data) => this.#options.sendSignal(remoteId, data),
      e2ee: this.#options.e2ee,
    });
    this.#links.set(remoteId, link);
    link.on('remoteStreamChanged', () => this.#emitStreams());
    link.on('stateChanged', (state) => this.#events.emit('peerStateChanged', { participantId: remoteId, state }));
    link.on('resetNeeded', ({ replay }) => {
      // The remote participant reloaded and has a new connection: start over with them.
      this.#removeLink(remoteId, link);
      const fresh = this.#addLink(remoteId);
      if (replay !== null) fresh.handleSignal(replay);
      this.#emitStreams();
    });
    return link;
  }

  #isPoliteTowards(remoteId: string): boolean {
    const { selfId, isHost } = this.#options;
    return isPolitePeer(
      { id: selfId, isHost: isHost?.(selfId) ?? false },
      { id: remoteId, isHost: isHost?.(remoteId) ?? false },
    );
  }

  #removeLink(remoteId: string, link: PeerLink): void {
    if (this.#links.get(remoteId) === link) this.#links.delete(remoteId);
    link.close();
  }

  /** Links to admitted participants (not those prepared for someone still waiting). */
  #connected(): [string, PeerLink][] {
    return [...this.#links].filter(([, link]) => !link.isHeld);
  }

  #emitStreams(): void {
    this.#events.emit('remoteStreamsChanged', this.remoteStreams);
  }
}
