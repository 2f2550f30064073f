import type { IceServer, SignalData } from '@samtale/protocol';
import type {
  CallEvents,
  CallFactory,
  CallOptions,
  MeshPlane,
  SfuPlane,
  SfuServerMessage,
} from '../../src/call/Call.ts';
import { Emitter, type ListenerOptions } from '../../src/events.ts';
import type { VisibleTile } from '../../src/call/sfu/subscription-plan.ts';

/** What both recording planes record (Node has no RTCPeerConnection). */
abstract class RecordingPlane {
  readonly peerSets: string[][] = [];
  readonly iceServerSets: IceServer[][] = [];
  resyncCount = 0;
  isClosed = false;
  readonly remoteStreams: ReadonlyMap<string, MediaStream> = new Map();
  readonly #events = new Emitter<CallEvents>();

  setPeers(participantIds: readonly string[]): void {
    this.peerSets.push([...participantIds]);
  }
  setIceServers(servers: readonly IceServer[]): void {
    this.iceServerSets.push([...servers]);
  }
  resync(): void {
    this.resyncCount += 1;
  }
  peerConnections(): ReadonlyMap<string, RTCPeerConnection> {
    return new Map();
  }
  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }
  /** Lets a test play the part of the peer connections. */
  emit<K extends keyof CallEvents>(name: K, payload: CallEvents[K]): void {
    this.#events.emit(name, payload);
  }
  close(): void {
    this.isClosed = true;
  }
}

/** A mesh plane that records what the session asks of it. */
export class RecordingMeshCall extends RecordingPlane implements MeshPlane {
  readonly kind = 'mesh';
  readonly prepared: string[][] = [];
  readonly signals: Array<{ from: string; data: SignalData }> = [];

  constructor(readonly options: Extract<CallOptions, { kind: 'mesh' }>) {
    super();
  }

  prepare(waitingIds: readonly string[]): void {
    this.prepared.push([...waitingIds]);
  }
  handleSignal(from: string, data: SignalData): void {
    this.signals.push({ from, data });
  }
}

/** A plane through the SFU that records the SFU messages and refusals routed to it. */
export class RecordingSfuCall extends RecordingPlane implements SfuPlane {
  readonly kind = 'sfu';
  readonly sfuMessages: SfuServerMessage[] = [];
  readonly refusals: string[] = [];
  readonly subscriptions: VisibleTile[][] = [];
  activeSpeaker: string | null = null;
  isMediaServerAvailable = true;

  constructor(readonly options: Extract<CallOptions, { kind: 'sfu' }>) {
    super();
  }

  subscribe(tiles: readonly VisibleTile[]): void {
    this.subscriptions.push([...tiles]);
  }
  handleSfuMessage(message: SfuServerMessage): void {
    this.sfuMessages.push(message);
  }
  handleSfuRefusal(ref: string): void {
    this.refusals.push(ref);
  }
}

/** A CallFactory that builds the plane it is asked for and keeps every one it made, by kind. */
export function recordingCalls(): { create: CallFactory; mesh: RecordingMeshCall[]; sfu: RecordingSfuCall[] } {
  const mesh: RecordingMeshCall[] = [];
  const sfu: RecordingSfuCall[] = [];
  return {
    mesh,
    sfu,
    create: (options) => {
      if (options.kind === 'sfu') {
        const call = new RecordingSfuCall(options);
        sfu.push(call);
        return call;
      }
      const call = new RecordingMeshCall(options);
      mesh.push(call);
      return call;
    },
  };
}
